package dev.weft.store;

import java.time.Instant;

/**
 * A page request over executions; null fields do not filter. Pages are keyed on
 * (started_at, id) descending, so new executions do not shift later pages.
 */
public record ExecutionQuery(String tenant, String workflow, String status, Instant startedAfter,
                             Instant startedBefore, int pageSize, Instant afterStartedAt, String afterId) {
}
