package dev.weft.engine;

import dev.weft.engine.Command.RecordTaskResult;
import dev.weft.engine.Command.RecordTaskStarted;
import dev.weft.engine.ExecutionEvent.*;

/**
 * How an agent's result meets the step it is for. At-least-once delivery means duplicates and
 * late results are normal: each is recorded, and the first result that completes a step wins.
 * A flood of ignored results (a buggy agent in a loop) is recorded up to
 * {@link #MAX_IGNORED_RECORDED} per execution, so no history grows without bound.
 */
final class ResultRules {
    static final int MAX_IGNORED_RECORDED = 1_000;

    private final FailureRules failures;

    ResultRules(FailureRules failures) {
        this.failures = failures;
    }

    void record(DecisionBuilder d, RecordTaskResult r) {
        ExecutionState state = d.state();
        String taskId = TaskIds.taskId(state.executionId(), r.stepId(), r.attempt());
        if (!state.steps().containsKey(r.stepId())) {
            ignore(d, r, taskId, "unknown step");
            return;
        }
        StepState step = state.step(r.stepId());
        String ignoreReason = ignoreReason(state, step, r, taskId);
        if (ignoreReason != null) {
            ignore(d, r, taskId, ignoreReason);
            return;
        }
        if (step.status() == StepStatus.RUNNING) {
            cancelQueueDeadline(d, step);
        }
        if (r.succeeded()) {
            d.emit(new TaskCompleted(r.stepId(), r.attempt(), taskId, r.agentId(), r.output(), d.now));
            // The current attempt's timers are obsolete, whichever attempt won.
            d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.TASK_DEADLINE,
                    r.stepId(), step.attempt())));
            if (step.status() == StepStatus.RETRY_WAIT) {
                d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.RETRY_BACKOFF,
                        r.stepId(), step.attempt() + 1)));
            }
        } else {
            d.emit(new TaskFailed(r.stepId(), r.attempt(), taskId, r.agentId(), r.error(), d.now));
            d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.TASK_DEADLINE,
                    r.stepId(), r.attempt())));
            failures.attemptFailed(d, r.stepId());
        }
    }

    /** An agent took the current attempt: its queue deadline no longer applies. Stale notices change nothing. */
    static void started(DecisionBuilder d, RecordTaskStarted c) {
        ExecutionState state = d.state();
        StepState step = state.steps().get(c.stepId());
        if (state.isTerminal() || step == null || step.status() != StepStatus.RUNNING
                || step.attempt() != c.attempt() || step.agentStartedAt() != null) {
            return;
        }
        cancelQueueDeadline(d, step);
        d.emit(new TaskStarted(c.stepId(), c.attempt(), step.taskId(), c.agentId(), d.now));
    }

    /** The running attempt's queue deadline goes, if it has one that has not been met yet. */
    static void cancelQueueDeadline(DecisionBuilder d, StepState step) {
        if (step.agentStartedAt() == null && d.blueprint.definitionOf(step.stepId()).queueTimeout() != null) {
            d.effect(new Effect.CancelTimer(TaskIds.timerId(d.state().executionId(), TimerKind.QUEUE_DEADLINE,
                    step.stepId(), step.attempt())));
        }
    }

    private static void ignore(DecisionBuilder d, RecordTaskResult r, String taskId, String reason) {
        int recorded = d.state().ignoredResults();
        if (recorded >= MAX_IGNORED_RECORDED) {
            return; // accepted without a trace: the history already shows the flood
        }
        String why = recorded == MAX_IGNORED_RECORDED - 1 ? reason + " (the last ignored result recorded for "
                + "this execution; later ones are accepted without an event)" : reason;
        d.emit(new ResultIgnored(r.stepId(), r.attempt(), taskId, r.agentId(), why, r.succeeded() ? null : r.error(),
                d.now));
    }

    /** Why the result changes nothing, or null when it counts. */
    private static String ignoreReason(ExecutionState state, StepState step, RecordTaskResult r, String taskId) {
        if (state.isTerminal()) {
            return "execution already " + state.status();
        }
        if (step.status().isEnded()) {
            // The winner may be an earlier attempt than the current one: compare tasks, not attempts.
            return step.status() == StepStatus.COMPLETED && taskId.equals(step.taskId())
                    ? "duplicate result" : "step already " + step.status();
        }
        if (r.attempt() < 1 || r.attempt() > step.attempt()) {
            return "attempt " + r.attempt() + " was never dispatched";
        }
        boolean current = r.attempt() == step.attempt() && step.status() == StepStatus.RUNNING;
        if (current) {
            return null;
        }
        // A late result of an attempt that already timed out or failed: a success still
        // completes the step (first success wins); a failure was already accounted for.
        return r.succeeded() ? null : "late failure of superseded attempt " + r.attempt();
    }
}
