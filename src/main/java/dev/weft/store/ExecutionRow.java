package dev.weft.store;

import java.time.Instant;

/**
 * The queryable summary of an execution (the {@code executions} table).
 *
 * @param version            the workflow version it runs
 * @param sequence           the sequence of its last event
 * @param requestFingerprint what its start request asked for, hashed; null without a request id
 * @param parentExecutionId  for a child execution (ADR 0009), its parent; else null
 * @param shadow             it runs in shadow: nothing acts on its results (ADR 0015)
 */
public record ExecutionRow(String id, String tenant, String workflow, int version, String status,
                           Instant startedAt, Instant endedAt, long sequence, String requestFingerprint,
                           String parentExecutionId, boolean shadow) {

    public ExecutionRow(String id, String tenant, String workflow, int version, String status, Instant startedAt,
                        Instant endedAt, long sequence, String requestFingerprint, String parentExecutionId) {
        this(id, tenant, workflow, version, status, startedAt, endedAt, sequence, requestFingerprint,
                parentExecutionId, false);
    }

    public ExecutionRow(String id, String tenant, String workflow, int version, String status, Instant startedAt,
                        Instant endedAt, long sequence, String requestFingerprint) {
        this(id, tenant, workflow, version, status, startedAt, endedAt, sequence, requestFingerprint, null);
    }
}
