package dev.weft.schedule;

import java.time.Instant;

/**
 * A schedule as stored: its spec, whether it is paused, whether a definition declared it, when it
 * fires next (null: it has ended) and what its latest fire did.
 */
public record StoredSchedule(String tenant, String id, ScheduleSpec spec, boolean paused, boolean declared,
                             Instant nextFireAt, Instant lastFireAt, FireOutcome lastOutcome, String lastExecutionId,
                             Instant createdAt, Instant updatedAt) {
}
