package dev.weft.engine;

import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Instant;

/** What follows a failed attempt: another attempt after a backoff, or the step's final failure. */
final class FailureRules {

    /** The step's current attempt failed or timed out; its error is already in the state. */
    void attemptFailed(DecisionBuilder d, String stepId) {
        StepDefinition def = d.definition.step(stepId).orElseThrow();
        StepState step = d.state().step(stepId);
        RetryPolicy retry = def.retry();
        ErrorInfo error = step.error();
        boolean attemptsLeft = step.attempt() < retry.maxAttempts();
        boolean taskBudgetLeft = d.state().tasksDispatched() < d.definition.limits().maxTasks();
        if (attemptsLeft && error.retryable() && taskBudgetLeft) {
            int next = step.attempt() + 1;
            Instant due = d.now.plus(retry.delayAfter(step.attempt()));
            d.emit(new RetryScheduled(stepId, next, due, d.now));
            d.effect(new Effect.StartTimer(TaskIds.timerId(d.state().executionId(), TimerKind.RETRY_BACKOFF,
                    stepId, next), TimerKind.RETRY_BACKOFF, stepId, next, due));
            return;
        }
        String why = !error.retryable() ? "not retryable"
                : !attemptsLeft ? "after " + step.attempt() + " of " + retry.maxAttempts() + " attempts"
                : "task limit of " + d.definition.limits().maxTasks() + " reached";
        stepFailedFinally(d, def, new ErrorInfo(error.type(), error.message() + " (" + why + ")", error.retryable()));
    }

    /** Retries are over (or impossible): on_error decides for the step and the execution. */
    void stepFailedFinally(DecisionBuilder d, StepDefinition def, ErrorInfo error) {
        if (def.onError() == OnError.SKIP) {
            d.emit(new StepSkipped(def.id(), "on_error skip: " + error.type() + ": " + error.message(), false, d.now));
            return;
        }
        d.emit(new StepFailed(def.id(), error, d.now));
        if (def.onError() == OnError.FAIL) {
            d.emit(new ExecutionFailed(new ErrorInfo(error.type(),
                    "step '" + def.id() + "' failed: " + error.message(), error.retryable()), d.now));
            d.effect(new Effect.CancelAllTimers());
        }
    }
}
