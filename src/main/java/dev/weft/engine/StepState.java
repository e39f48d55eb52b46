package dev.weft.engine;

import java.time.Instant;

/**
 * One step as the events so far have made it. Immutable; {@link EventApplier} derives the next
 * value (and checks each change against {@link StepTransitionTable}).
 *
 * @param attempt          the current (or last) attempt, 0 before the first dispatch; once COMPLETED, the
 *                         attempt whose result completed the step; for a loop, its current round
 * @param attemptBase      the attempt before the latest manual retry (0 without one): the retry policy
 *                         counts attempts after it, so a replayed step gets a fresh budget
 * @param taskId           the task id of the current attempt, or null; once COMPLETED, the task
 *                         whose result completed the step (a late success of an earlier attempt
 *                         can win over the current one)
 * @param agentId          the agent instance that produced the result that ended the step, or that
 *                         started the current attempt
 * @param input            the resolved input of the last dispatched attempt; for a foreach, its items
 * @param blocksDependents for SKIPPED: whether dependents must be skipped too
 * @param startedAt        first dispatch
 * @param attemptStartedAt dispatch of the current attempt
 * @param agentStartedAt   when an agent said it started the current attempt, or null
 * @param endedAt          when the step reached an ended status
 * @param holdReason       for HELD: why the task may not go out now
 * @param branchSkipped    for SKIPPED: by a branch decision (its {@code when} was false, a dead path, a
 *                         join's cancel_others) rather than by a failure; its dependents see a dead path
 * @param inFallback       the step failed for good and runs (or ran) its fallback task instead
 */
public record StepState(
        String stepId,
        StepStatus status,
        int attempt,
        int attemptBase,
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
        Instant agentStartedAt,
        Instant endedAt,
        Instant nextAttemptAt,
        Instant deadline,
        String holdReason,
        boolean branchSkipped,
        boolean inFallback) {

    /** A step not skipped by a branch, as before branch decisions existed. */
    public StepState(String stepId, StepStatus status, int attempt, int attemptBase, String taskId, String agentId,
                     Object input, Object output, ErrorInfo error, String skipReason, boolean blocksDependents,
                     Instant readyAt, Instant startedAt, Instant attemptStartedAt, Instant agentStartedAt,
                     Instant endedAt, Instant nextAttemptAt, Instant deadline, String holdReason) {
        this(stepId, status, attempt, attemptBase, taskId, agentId, input, output, error, skipReason, blocksDependents,
                readyAt, startedAt, attemptStartedAt, agentStartedAt, endedAt, nextAttemptAt, deadline, holdReason,
                false, false);
    }

    public static StepState pending(String stepId) {
        return new StepState(stepId, StepStatus.PENDING, 0, 0, null, null, null, null, null, null, false,
                null, null, null, null, null, null, null, null, false, false);
    }

    /** Attempts made since the last manual retry: what the retry policy counts. */
    public int attemptsCounted() {
        return attempt - attemptBase;
    }

    StepState ready(Instant at) {
        return new StepState(stepId, StepStatus.READY, attempt, attemptBase, taskId, agentId, input, output, error,
                skipReason, blocksDependents, at, startedAt, attemptStartedAt, agentStartedAt, endedAt, null,
                deadline, null, false, inFallback);
    }

    StepState held(String reason) {
        return new StepState(stepId, StepStatus.HELD, attempt, attemptBase, taskId, agentId, input, output, error,
                skipReason, blocksDependents, readyAt, startedAt, attemptStartedAt, agentStartedAt, endedAt, null,
                deadline, reason, false, inFallback);
    }

    StepState dispatched(int newAttempt, String newTaskId, Object newInput, Instant newDeadline, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, newAttempt, attemptBase, newTaskId, agentId, newInput,
                output, error, skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null,
                endedAt, null, newDeadline, null, false, inFallback);
    }

    StepState startedBy(String byAgent, Instant at) {
        return new StepState(stepId, status, attempt, attemptBase, taskId, byAgent, input, output, error, skipReason,
                blocksDependents, readyAt, startedAt, attemptStartedAt, at, endedAt, nextAttemptAt, deadline,
                holdReason, branchSkipped, inFallback);
    }

    StepState completed(int byAttempt, String byTask, String byAgent, Object result, Instant at) {
        return new StepState(stepId, StepStatus.COMPLETED, byAttempt, attemptBase, byTask, byAgent, input, result,
                null, null, false, readyAt, startedAt, attemptStartedAt, agentStartedAt, at, null, null, null, false, inFallback);
    }

    StepState attemptFailed(String byAgent, ErrorInfo cause) {
        return new StepState(stepId, status, attempt, attemptBase, taskId, byAgent, input, output, cause, skipReason,
                blocksDependents, readyAt, startedAt, attemptStartedAt, agentStartedAt, endedAt, nextAttemptAt,
                deadline, holdReason, branchSkipped, inFallback);
    }

    StepState retryWait(Instant dueAt) {
        return new StepState(stepId, StepStatus.RETRY_WAIT, attempt, attemptBase, taskId, agentId, input, output,
                error, skipReason, blocksDependents, readyAt, startedAt, attemptStartedAt, agentStartedAt, endedAt,
                dueAt, null, null, false, inFallback);
    }

    StepState failed(ErrorInfo cause, Instant at) {
        return new StepState(stepId, StepStatus.FAILED, attempt, attemptBase, taskId, agentId, input, output, cause,
                null, true, readyAt, startedAt, attemptStartedAt, agentStartedAt, at, null, null, null, false, inFallback);
    }

    StepState skipped(String reason, boolean blocks, boolean branch, Instant at) {
        return new StepState(stepId, StepStatus.SKIPPED, attempt, attemptBase, taskId, agentId, input, null, error,
                reason, blocks, readyAt, startedAt, attemptStartedAt, agentStartedAt, at, null, null, null, branch, inFallback);
    }

    StepState cancelled(Instant at) {
        return new StepState(stepId, StepStatus.CANCELLED, attempt, attemptBase, taskId, agentId, input, output,
                error, skipReason, true, readyAt, startedAt, attemptStartedAt, agentStartedAt, at, null, null, null, false, inFallback);
    }

    /** A built-in step decided inside the decision that made it ready: completed with its output, no task. */
    /** A sleep step waiting for its timer: RUNNING with no task, its deadline the end of the sleep. */
    StepState sleeping(Instant until, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, attempt, attemptBase, null, null, input, output, error,
                skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null, endedAt, null,
                until, null, false, inFallback);
    }

    /**
     * A wait or approval step waiting for a signal or a decision: RUNNING with no task (no slot), a new
     * attempt, {@code what} (what it waits for) shown as its input, its deadline the attempt's timeout (or null).
     */
    StepState waiting(int newAttempt, Object what, Instant timeoutAt, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, newAttempt, attemptBase, null, null, what, output, error,
                skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null, endedAt, null,
                timeoutAt, null, false, inFallback);
    }

    StepState evaluated(Object result, Instant at) {
        return new StepState(stepId, StepStatus.COMPLETED, attempt, attemptBase, null, null, input, result, null,
                null, false, readyAt, startedAt == null ? at : startedAt, at, agentStartedAt, at, null, null, null,
                false, inFallback);
    }

    /** A foreach with its items evaluated: RUNNING, no task, the items kept as its input. */
    StepState expanded(java.util.List<Object> items, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, attempt, attemptBase, null, null, items, output, error,
                skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null, endedAt, null,
                null, null, false, inFallback);
    }

    /**
     * A state machine that entered a state: RUNNING, no task, the states visited so far in order
     * kept as its input and their number as its attempt.
     */
    StepState stateEntered(java.util.List<Object> visited, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, visited.size(), attemptBase, null, null, visited, output,
                error, skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null, endedAt,
                null, null, null, false, inFallback);
    }

    /** A loop running round {@code round} (kept as its attempt): RUNNING, no task. */
    StepState roundStarted(int round, Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, round, attemptBase, null, null, input, output, error,
                skipReason, blocksDependents, readyAt, startedAt == null ? at : startedAt, at, null, endedAt, null,
                null, null, false, inFallback);
    }

    /**
     * Failed for good, it runs its fallback task instead: READY again, the failure kept as its error
     * until the fallback's result, and a fresh retry budget (counted from here) for the fallback.
     */
    StepState fallingBack(ErrorInfo cause, Instant at) {
        return new StepState(stepId, StepStatus.READY, attempt, attempt, taskId, agentId, input, null, cause, null,
                false, at, startedAt, attemptStartedAt, agentStartedAt, null, null, null, null, false, true);
    }

    /** Ready for a new attempt after a manual retry (with the step's own agent): the budget counts from here. */
    StepState retried(Instant at) {
        return new StepState(stepId, StepStatus.READY, attempt, attempt, taskId, agentId, input, null, error, null,
                false, at, startedAt, attemptStartedAt, agentStartedAt, null, null, null, null, false, false);
    }

    /** A foreach or loop its execution's end cancelled runs again with its instances when the execution is reopened. */
    StepState resumed(Instant at) {
        return new StepState(stepId, StepStatus.RUNNING, attempt, attempt, null, null, input, null, null, null,
                false, readyAt, startedAt, at, null, null, null, null, null, false, false);
    }

    /** Back to waiting for its dependencies (it was skipped or cancelled by what is now undone). */
    StepState reset() {
        return new StepState(stepId, StepStatus.PENDING, attempt, attempt, taskId, agentId, input, null, null, null,
                false, null, startedAt, attemptStartedAt, agentStartedAt, null, null, null, null, false, false);
    }
}
