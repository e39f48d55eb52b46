package dev.weft.store;

import java.time.Instant;

/**
 * The queryable summary of an execution (the {@code executions} table).
 *
 * @param version            the workflow version it runs
 * @param sequence           the sequence of its last event
 * @param requestFingerprint what its start request asked for, hashed; null without a request id
 */
public record ExecutionRow(String id, String tenant, String workflow, int version, String status,
                           Instant startedAt, Instant endedAt, long sequence, String requestFingerprint) {
}
