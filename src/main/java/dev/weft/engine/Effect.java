package dev.weft.engine;

import java.time.Instant;

/**
 * What the runtime must do because of a decision. Effects are data: the runtime stores them in
 * the same transaction as the events (outbox rows, timer rows) and carries them out only after
 * that commit.
 */
public sealed interface Effect {

    record DispatchTask(String taskId, String stepId, int attempt, String agent, Object input,
                        String idempotencyKey, Instant readyAt, Instant deadline) implements Effect {
    }

    record StartTimer(String timerId, TimerKind kind, String stepId, int attempt, Instant dueAt)
            implements Effect {
    }

    record CancelTimer(String timerId) implements Effect {
    }

    /** The execution ended: every timer it still has is obsolete. */
    record CancelAllTimers() implements Effect {
    }
}
