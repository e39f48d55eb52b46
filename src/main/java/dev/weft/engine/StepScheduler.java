package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.Comparator;
import java.util.List;

/**
 * Moves an execution forward after any change: a step becomes ready the moment its own
 * dependencies have ended (never level by level), ready steps are dispatched while the
 * execution has free slots, and when every step has ended the output is computed.
 */
final class StepScheduler {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    StepScheduler(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    void advance(DecisionBuilder d) {
        if (!d.state().isStarted()) {
            return;
        }
        // A dispatch can fail (bad input expression), which can skip dependents, which can
        // finish the execution: repeat until nothing changes.
        boolean changed = true;
        while (changed && !d.state().isTerminal()) {
            changed = resolvePending(d) | dispatchReady(d);
        }
        if (!d.state().isTerminal() && d.state().steps().values().stream().allMatch(s -> s.status().isEnded())) {
            complete(d);
        }
    }

    /** PENDING steps whose dependencies have all ended become READY, or SKIPPED behind a failure. */
    private boolean resolvePending(DecisionBuilder d) {
        boolean changed = false;
        for (StepDefinition def : d.definition.steps()) {
            if (d.state().step(def.id()).status() != StepStatus.PENDING) {
                continue;
            }
            String blocker = null;
            boolean allEnded = true;
            for (String dep : def.dependsOn()) {
                StepState depState = d.state().step(dep);
                if (!depState.status().isEnded()) {
                    allEnded = false;
                    break;
                }
                if (blocker == null && depState.blocksDependents()) {
                    blocker = "dependency '" + dep + "' " + depState.status().name().toLowerCase();
                }
            }
            if (!allEnded) {
                continue;
            }
            if (blocker != null) {
                d.emit(new StepSkipped(def.id(), blocker, true, d.now));
            } else {
                d.emit(new StepReady(def.id(), 1, d.now));
            }
            changed = true;
        }
        return changed;
    }

    /** Dispatches READY steps, oldest first, while the execution has free slots and is not paused. */
    private boolean dispatchReady(DecisionBuilder d) {
        if (d.state().isPaused()) {
            return false; // ready steps wait for the resume (PauseRules); nothing else here stops
        }
        long running = d.state().countSteps(StepStatus.RUNNING);
        int maxParallel = d.definition.limits().maxParallel();
        if (running >= maxParallel) {
            return false;
        }
        List<StepState> ready = d.state().steps().values().stream()
                .filter(s -> s.status() == StepStatus.READY)
                .sorted(Comparator.comparing(StepState::readyAt))
                .toList();
        boolean changed = false;
        for (StepState step : ready) {
            if (running >= maxParallel || d.state().isTerminal()) {
                break;
            }
            if (d.state().tasksDispatched() >= d.definition.limits().maxTasks()) {
                d.emit(new ExecutionFailed(ErrorInfo.of("task_limit_exceeded", "step '" + step.stepId()
                        + "' needs a task, but the execution reached its limit of "
                        + d.definition.limits().maxTasks() + " tasks"), d.now));
                d.effect(new Effect.CancelAllTimers());
                return true;
            }
            changed = true;
            StepDefinition def = d.definition.step(step.stepId()).orElseThrow();
            DispatchGate.Admission admission = d.gate.admit(def.agent());
            if (!admission.admitted()) {
                refused(d, def, admission.reason());
            } else if (dispatch(d, def, step)) {
                running++;
            }
        }
        return changed;
    }

    /** Its capability may not take tasks now: the step waits (HELD), or fails at once when its policy says so. */
    private void refused(DecisionBuilder d, StepDefinition def, String reason) {
        switch (def.onCircuitOpen()) {
            case HOLD -> d.emit(new TaskHeld(def.id(), def.agent(), reason, d.now));
            case FAIL -> failures.stepFailedFinally(d, def, new ErrorInfo("circuit_open", reason, true));
        }
    }

    private boolean dispatch(DecisionBuilder d, StepDefinition def, StepState step) {
        Object input;
        try {
            input = expressions.resolve(def.input(), ExpressionContext.of(d.state()));
        } catch (ExpressionException e) {
            // Deterministic: another attempt would fail the same way, so no retry.
            failures.stepFailedFinally(d, def, new ErrorInfo("expression_error",
                    "steps." + def.id() + ".input: " + e.getMessage(), false));
            return false;
        }
        String executionId = d.state().executionId();
        int attempt = step.attempt() + 1;
        String taskId = TaskIds.taskId(executionId, def.id(), attempt);
        var deadline = d.now.plus(def.timeout());
        var queueDeadline = def.queueTimeout() == null ? null : d.now.plus(def.queueTimeout());
        d.emit(new TaskDispatched(def.id(), attempt, taskId, def.agent(), input, deadline, d.now));
        d.effect(new Effect.DispatchTask(taskId, def.id(), attempt, def.agent(), input,
                TaskIds.idempotencyKey(executionId, def.id()), step.readyAt(), deadline, queueDeadline));
        d.effect(new Effect.StartTimer(TaskIds.timerId(executionId, TimerKind.TASK_DEADLINE, def.id(), attempt),
                TimerKind.TASK_DEADLINE, def.id(), attempt, deadline));
        if (queueDeadline != null) {
            d.effect(new Effect.StartTimer(TaskIds.timerId(executionId, TimerKind.QUEUE_DEADLINE, def.id(), attempt),
                    TimerKind.QUEUE_DEADLINE, def.id(), attempt, queueDeadline));
        }
        return true;
    }

    private void complete(DecisionBuilder d) {
        Object output;
        try {
            output = d.definition.output() == null ? null
                    : expressions.resolve(d.definition.output(), ExpressionContext.of(d.state()));
        } catch (ExpressionException e) {
            d.emit(new ExecutionFailed(new ErrorInfo("expression_error", "output: " + e.getMessage(), false), d.now));
            d.effect(new Effect.CancelAllTimers());
            return;
        }
        d.emit(new ExecutionCompleted(output, d.now));
        d.effect(new Effect.CancelAllTimers());
    }
}
