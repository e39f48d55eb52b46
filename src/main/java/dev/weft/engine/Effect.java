package dev.weft.engine;

import java.time.Instant;

/**
 * What the runtime must do because of a decision. Effects are data: the runtime stores them in
 * the same transaction as the events (outbox rows, timer rows) and carries them out only after
 * that commit.
 */
public sealed interface Effect {

    /** @param queueDeadline by when an agent must have started the task, or null */
    record DispatchTask(String taskId, String stepId, int attempt, String agent, Object input,
                        String idempotencyKey, Instant readyAt, Instant deadline, Instant queueDeadline)
            implements Effect {
    }

    record StartTimer(String timerId, TimerKind kind, String stepId, int attempt, Instant dueAt)
            implements Effect {
    }

    record CancelTimer(String timerId) implements Effect {
    }

    /** The execution ended: every timer it still has is obsolete. */
    record CancelAllTimers() implements Effect {
    }

    /**
     * A step's task failed for good: it is listed with the dead letters, to inspect and replay.
     *
     * @param input the resolved input of the last attempt
     */
    record RecordDeadLetter(String stepId, int attempt, String taskId, ErrorInfo error, Object input)
            implements Effect {
    }

    /** A dead letter was dealt with: replayed or discarded. */
    record ResolveDeadLetter(long deadLetterId, Resolution resolution, String note) implements Effect {
    }

    enum Resolution { REPLAYED, DISCARDED }

    /**
     * Start an execution of another workflow (an escalation's), once: the request id makes a
     * repeated start return the same execution.
     */
    record StartWorkflow(String workflow, java.util.Map<String, Object> input, String requestId) implements Effect {
    }
}
