package dev.weft.engine;

import java.util.Map;

/** What can happen to an execution from outside: the inputs of {@link Decider#decide}. */
public sealed interface Command {

    /**
     * @param traceparent        W3C trace context of the request that started it, or null
     * @param requestFingerprint what the start request asked for, hashed, when it carried a request id
     * @param parent             for a child execution, the parent step's attempt it runs as; else null
     */
    /** @param rollout what the rollout flag decided for it (ADR 0015), or null: live */
    record StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId,
                          String traceparent, String requestFingerprint, ParentLink parent, RolloutDecision rollout)
            implements Command {

        public StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId,
                              String traceparent, String requestFingerprint, ParentLink parent) {
            this(executionId, tenant, input, requestId, traceparent, requestFingerprint, parent, null);
        }

        public StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId,
                              String traceparent, String requestFingerprint) {
            this(executionId, tenant, input, requestId, traceparent, requestFingerprint, null);
        }

        public StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId) {
            this(executionId, tenant, input, requestId, null, null, null);
        }
    }

    /**
     * An agent's result for one attempt.
     *
     * @param succeeded true: {@code output} holds the result; false: {@code error} says why
     */
    record RecordTaskResult(String stepId, int attempt, String agentId, boolean succeeded, Object output,
                            ErrorInfo error) implements Command {
    }

    /** An agent says it started an attempt (agents send it for tasks with a queue timeout). */
    record RecordTaskStarted(String stepId, int attempt, String agentId) implements Command {
    }

    record FireTimer(TimerKind kind, String stepId, int attempt) implements Command {
    }

    record CancelExecution(String reason) implements Command {
    }

    /**
     * Stop sending tasks: results of tasks in flight are still recorded, timers that fall due
     * wait for {@link ResumeExecution}.
     *
     * @param requestedBy who asked (the caller the API names), or null
     */
    record PauseExecution(String reason, String requestedBy) implements Command {
    }

    /**
     * Go on after a pause: the timers that fell due meanwhile fire now, in order, and ready steps
     * are dispatched.
     *
     * @param requestedBy who asked (the caller the API names), or null
     */
    record ResumeExecution(String reason, String requestedBy) implements Command {
    }

    /**
     * Run a failed step again: a step that failed for good (its execution still running, or failed
     * because of it) or one waiting for its retry backoff.
     *
     * @param deadLetterId the dead letter this replays, or null
     */
    record RetryStep(String stepId, Long deadLetterId, String reason) implements Command {
    }

    /**
     * The capability's tasks may go out again: its held steps are ready once more.
     *
     * @param reason what changed, e.g. the breaker's transition, for the history
     */
    record ReleaseHeldSteps(String capability, String reason) implements Command {
    }

    /** Set a dead letter of this execution aside; the history records it. */
    record DiscardDeadLetter(long deadLetterId, String reason) implements Command {
    }

    /**
     * A named event for the execution's wait steps: the first waiting step that matches consumes it,
     * otherwise it is kept for a later wait.
     *
     * @param signalId    the sender's id: a second signal with the same id changes nothing; or null
     * @param correlation the key the sender addressed, or null: matches waits of that event with any key
     * @param sentBy      who sent it, or null
     */
    record SignalExecution(String signalId, String event, String correlation, Object payload, String sentBy)
            implements Command {
    }

    /**
     * Decide a pending approval.
     *
     * @param by      who decides (checked against the step's approvers)
     * @param comment why, or null
     */
    record DecideApproval(String stepId, boolean approved, String by, String comment) implements Command {
    }
}
