package dev.weft.engine;

import java.time.Instant;

/**
 * One step as the events so far have made it. Immutable; {@link EventApplier} derives the next
 * value.
 *
 * @param attempt          the current (or last) attempt, 0 before the first dispatch; once COMPLETED, the
 *                         attempt whose result completed the step
 * @param taskId           the task id of the current attempt, or null; once COMPLETED, the task
 *                         whose result completed the step (a late success of an earlier attempt
 *                         can win over the current one)
 * @param agentId          the agent instance that produced the result that ended the step
 * @param input            the resolved input of the last dispatched attempt
 * @param blocksDependents for SKIPPED: whether dependents must be skipped too
 * @param startedAt        first dispatch
 * @param attemptStartedAt dispatch of the current attempt
 * @param endedAt          when the step reached an ended status
 */
public record StepState(
        String stepId,
        StepStatus status,
        int attempt,
        String taskId,
        String agentId,
        Object input,
        Object output,
        ErrorInfo error,
        String skipReason,
        boolean blocksDependents,
        Instant readyAt,
        Instant startedAt,
        Instant attemptStartedAt,
        Instant endedAt,
        Instant nextAttemptAt,
        Instant deadline) {

    public static StepState pending(String stepId) {
        return new StepState(stepId, StepStatus.PENDING, 0, null, null, null, null, null, null, false,
                null, null, null, null, null, null);
    }

    StepState ready(int nextAttempt, Instant at) {
        return new StepState(stepId, StepStatus.READY, attempt, taskId, agentId, input, output, error, skipReason,
                blocksDependents, at, startedAt, attemptStartedAt, endedAt, null, deadline);
    }

    StepState dispatched(int newAttempt, String newTaskId, Object newInput, Instant newDeadline, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, newAttempt, newTaskId, agentId, newInput, output, error,
                skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, endedAt, null,
                newDeadline);
    }

    StepState completed(int byAttempt, String byTask, String byAgent, Object result, Instant at) {
        return new StepState(stepId, StepStatus.COMPLETED, byAttempt, byTask, byAgent, input, result, null, null,
                false, readyAt, startedAt, attemptStartedAt, at, null, null);
    }

    StepState attemptFailed(String byAgent, ErrorInfo cause) {
        return new StepState(stepId, status, attempt, taskId, byAgent, input, output, cause, skipReason,
                blocksDependents, readyAt, startedAt, attemptStartedAt, endedAt, nextAttemptAt, deadline);
    }

    StepState retryWait(Instant dueAt) {
        return new StepState(stepId, StepStatus.RETRY_WAIT, attempt, taskId, agentId, input, output, error,
                skipReason, blocksDependents, readyAt, startedAt, attemptStartedAt, endedAt, dueAt, null);
    }

    StepState failed(ErrorInfo cause, Instant at) {
        return new StepState(stepId, StepStatus.FAILED, attempt, taskId, agentId, input, output, cause, null,
                true, readyAt, startedAt, attemptStartedAt, at, null, null);
    }

    StepState skipped(String reason, boolean blocks, Instant at) {
        return new StepState(stepId, StepStatus.SKIPPED, attempt, taskId, agentId, input, null, error, reason,
                blocks, readyAt, startedAt, attemptStartedAt, at, null, null);
    }

    StepState cancelled(Instant at) {
        return new StepState(stepId, StepStatus.CANCELLED, attempt, taskId, agentId, input, output, error,
                skipReason, true, readyAt, startedAt, attemptStartedAt, at, null, null);
    }
}
