package dev.weft.store;

import java.time.Instant;

/**
 * A page request over executions; null fields do not filter. Pages are keyed on
 * (started_at, id) descending, so new executions do not shift later pages.
 *
 * @param parentExecutionId only the children of this execution (ADR 0009)
 * @param shadow            only shadow executions (true) or only live ones (false) (ADR 0015)
 */
public record ExecutionQuery(String tenant, String workflow, String status, Instant startedAfter,
                             Instant startedBefore, int pageSize, Instant afterStartedAt, String afterId,
                             String parentExecutionId, Boolean shadow) {

    public ExecutionQuery(String tenant, String workflow, String status, Instant startedAfter, Instant startedBefore,
                          int pageSize, Instant afterStartedAt, String afterId, String parentExecutionId) {
        this(tenant, workflow, status, startedAfter, startedBefore, pageSize, afterStartedAt, afterId,
                parentExecutionId, null);
    }

    public ExecutionQuery(String tenant, String workflow, String status, Instant startedAfter, Instant startedBefore,
                          int pageSize, Instant afterStartedAt, String afterId) {
        this(tenant, workflow, status, startedAfter, startedBefore, pageSize, afterStartedAt, afterId, null);
    }
}
