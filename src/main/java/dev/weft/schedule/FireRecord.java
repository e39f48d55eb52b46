package dev.weft.schedule;

import java.time.Instant;

/** One fire time of a schedule and what became of it; {@code executionId} is null unless STARTED. */
public record FireRecord(Instant fireAt, FireOutcome outcome, String executionId, String detail, Instant recordedAt) {
}
