package dev.weft.store;

import java.time.Instant;

/** The queryable summary of an execution (the {@code executions} table). */
public record ExecutionRow(String id, String tenant, String workflow, int version, String status,
                           Instant startedAt, Instant endedAt, long sequence) {
}
