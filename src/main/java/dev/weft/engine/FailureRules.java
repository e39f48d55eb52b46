package dev.weft.engine;

import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.WorkflowDefinition.ExecutionLimits;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What follows a failed attempt: another attempt after a backoff, or the step's final failure —
 * which on_error, the execution's failure threshold and its escalation then act on. A step that
 * fails for good is also listed with the dead letters, so an operator can inspect and replay it.
 */
final class FailureRules {

    /** The step's current attempt failed or timed out; its error is already in the state. */
    void attemptFailed(DecisionBuilder d, String stepId) {
        StepDefinition def = d.blueprint.definitionOf(stepId);
        StepState step = d.state().step(stepId);
        RetryPolicy retry = def.retry();
        ErrorInfo error = step.error();
        boolean attemptsLeft = step.attemptsCounted() < retry.maxAttempts();
        boolean typeRetried = retry.retries(error.type());
        boolean taskBudgetLeft = d.state().tasksDispatched() < d.definition.limits().maxTasks();
        if (attemptsLeft && error.retryable() && typeRetried && taskBudgetLeft) {
            int next = step.attempt() + 1;
            Instant due = d.now.plus(retry.delayAfter(step.attemptsCounted(),
                    Jitter.spread(d.state().executionId(), stepId, next)));
            d.emit(new RetryScheduled(stepId, next, due, d.now));
            d.effect(new Effect.StartTimer(TaskIds.timerId(d.state().executionId(), TimerKind.RETRY_BACKOFF,
                    stepId, next), TimerKind.RETRY_BACKOFF, stepId, next, due));
            return;
        }
        String why = !error.retryable() ? "not retryable"
                : !typeRetried ? "its retry policy does not retry " + error.type()
                : !attemptsLeft ? "after " + step.attemptsCounted() + " of " + retry.maxAttempts() + " attempts"
                : "task limit of " + d.definition.limits().maxTasks() + " reached";
        stepFailedFinally(d, stepId, new ErrorInfo(error.type(), error.message() + " (" + why + ")",
                error.retryable()));
    }

    /**
     * Retries are over (or impossible): on_error decides for the step instance and what contains it.
     * At the top level, fail ends the execution; inside a foreach item or a loop round, it fails the
     * foreach or loop at once (whose own on_error then decides), and continue fails it once the
     * other instances of its scopes have ended.
     */
    void stepFailedFinally(DecisionBuilder d, String instance, ErrorInfo error) {
        StepDefinition def = d.blueprint.definitionOf(instance);
        StepState step = d.state().step(instance);
        if (def.fallback() != null && !step.inFallback()
                && (step.status() == StepStatus.RUNNING || step.status() == StepStatus.READY)) {
            d.emit(new FallbackStarted(instance, def.fallback().agent(), error, d.now));
            return; // the scheduler dispatches it; on_error waits for the fallback's own outcome
        }
        if (step.inFallback()) {
            error = new ErrorInfo(error.type(), "its fallback (agent '" + def.fallback().agent() + "') failed too: "
                    + error.message(), error.retryable());
        }
        if (def.kind().ownsScope()) {
            endOpenInside(d, instance, "its " + def.kind().keyword() + " '" + instance + "' ended: "
                    + error.type());
        }
        if ((def.agent() != null || def.kind() instanceof dev.weft.definition.StepKind.Workflow) && step.attempt() > 0) {
            d.effect(new Effect.RecordDeadLetter(instance, step.attempt(), step.taskId(), error, step.input()));
        }
        if (def.onError() == OnError.SKIP) {
            d.emit(new StepSkipped(instance, "on_error skip: " + error.type() + ": " + error.message(), false, d.now));
            escalate(d, instance, step.attempt(), error);
        } else {
            d.emit(new StepFailed(instance, error, d.now));
            escalate(d, instance, step.attempt(), error);
            if (def.onError() == OnError.FAIL) {
                String owner = TaskIds.ownerOf(instance);
                if (owner == null) {
                    end(d, new ErrorInfo(error.type(), "step '" + instance + "' failed: " + error.message(),
                            error.retryable()));
                } else {
                    ownerFailed(d, owner, instance, error);
                }
                return;
            }
        }
        checkThreshold(d);
    }

    /** An instance inside {@code owner} failed for good: the foreach or loop fails with it, naming it. */
    void ownerFailed(DecisionBuilder d, String owner, String failed, ErrorInfo error) {
        if (d.state().isTerminal() || d.state().step(owner).status().isEnded()) {
            return;
        }
        stepFailedFinally(d, owner, new ErrorInfo(error.type(), "step '" + failed + "' failed: " + error.message(),
                error.retryable()));
    }

    /**
     * The open instances inside a foreach or loop that ends end too: SKIPPED, behind its end (their
     * dependents would be blocked as well), their timers cancelled; a result that still comes for
     * one is recorded as ignored.
     */
    static void endOpenInside(DecisionBuilder d, String owner, String reason) {
        List<Map.Entry<String, StepState>> open = new ArrayList<>();
        for (Map.Entry<String, StepState> e : d.state().steps().entrySet()) {
            if (!e.getValue().status().isEnded() && TaskIds.isInside(e.getKey(), owner)) {
                open.add(e);
            }
        }
        for (Map.Entry<String, StepState> e : open) {
            StepTimers.cancel(d, e.getKey(), e.getValue());
            d.emit(new StepSkipped(e.getKey(), reason, true, d.now));
        }
    }

    /**
     * A persistent failure: an event always; a workflow started with the failure, when the
     * definition names one and the execution is not a shadow one (ADR 0015: its failure is recorded,
     * nobody is paged for it).
     */
    private void escalate(DecisionBuilder d, String stepId, int attempts, ErrorInfo error) {
        String workflow = d.definition.escalation() == null ? null : d.definition.escalation().workflow();
        d.emit(new EscalationRaised(stepId, error, workflow, d.now));
        if (workflow != null && !d.state().shadow()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("execution_id", d.state().executionId());
            input.put("workflow", d.definition.name());
            input.put("version", (long) d.definition.version());
            input.put("step_id", stepId);
            input.put("attempts", (long) attempts);
            input.put("error", Map.of("type", error.type(), "message", String.valueOf(error.message())));
            d.effect(new Effect.StartWorkflow(workflow, input,
                    TaskIds.escalationRequestId(d.state().executionId(), stepId, attempts)));
        }
    }

    /** Fails the execution once too many of its steps failed for good, whatever their on_error said. */
    private void checkThreshold(DecisionBuilder d) {
        ExecutionLimits limits = d.definition.limits();
        if (limits.maxFailedSteps() == 0 && limits.maxFailedPercent() == 0) {
            return;
        }
        long failed = d.state().steps().values().stream().filter(FailureRules::failedForGood).count();
        int total = d.state().steps().size();
        boolean byCount = limits.maxFailedSteps() > 0 && failed >= limits.maxFailedSteps();
        boolean byShare = limits.maxFailedPercent() > 0 && failed * 100 >= (long) limits.maxFailedPercent() * total;
        if (byCount || byShare) {
            String limit = byCount ? "max_failed_steps " + limits.maxFailedSteps()
                    : "max_failed_percent " + limits.maxFailedPercent();
            ErrorInfo error = new ErrorInfo("failure_threshold", failed + " of " + total
                    + " steps failed, reaching " + limit, false);
            escalate(d, null, 0, error);
            end(d, error);
        }
    }

    private static boolean failedForGood(StepState s) {
        return s.status() == StepStatus.FAILED
                || (s.status() == StepStatus.SKIPPED && s.skipReason() != null && s.skipReason().startsWith("on_error"));
    }

    private static void end(DecisionBuilder d, ErrorInfo error) {
        d.emit(new ExecutionFailed(error, d.now));
        d.effect(new Effect.CancelAllTimers());
    }
}
