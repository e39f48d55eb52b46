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
     * Start an execution of another workflow (an escalation's, a chained one, a child), once: the
     * request id makes a repeated start return the same execution.
     *
     * @param version 0 for the version a start without one gets
     * @param parent  for a child (ADR 0009): the parent step's attempt, whose task id names the child; else null
     */
    record StartWorkflow(String workflow, int version, java.util.Map<String, Object> input, String requestId,
                         ParentLink parent) implements Effect {

        /** A start that is nobody's child. */
        public StartWorkflow(String workflow, java.util.Map<String, Object> input, String requestId) {
            this(workflow, 0, input, requestId, null);
        }
    }

    /**
     * A child execution ended: its parent step's attempt gets the outcome as its result, once the
     * child's end has committed (ADR 0009).
     *
     * @param succeeded true: the child completed with {@code output}; false: {@code error} says how it ended
     */
    record ReportToParent(ParentLink parent, String childExecutionId, boolean succeeded, Object output,
                          ErrorInfo error) implements Effect {
    }

    /** The parent no longer waits for this child (a timeout, its own end, a join): it is cancelled. */
    record CancelChild(String childExecutionId, String reason) implements Effect {
    }
}
