package dev.weft.store;

import dev.weft.engine.TimerKind;
import java.time.Instant;

public record DueTimer(String id, String executionId, TimerKind kind, String stepId, int attempt, Instant dueAt) {
}
