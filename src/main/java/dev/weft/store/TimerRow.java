package dev.weft.store;

import dev.weft.engine.TimerKind;
import java.time.Instant;

/** One stored timer: what fires, for which execution, and when. */
public record TimerRow(String id, String executionId, TimerKind kind, String stepId, int attempt, Instant dueAt) {
}
