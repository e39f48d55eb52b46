package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.Comparator;
import java.util.List;

/**
 * Moves an execution forward after any change: a step becomes ready the moment its own join is
 * satisfied (never level by level) and its {@code when} holds ({@link PendingSteps}), ready agent steps are dispatched
 * while the execution has free slots, ready built-in steps are decided at once, and when every
 * step has ended the output is computed.
 */
final class StepScheduler {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;
    private final BuiltInSteps builtIns;
    private final Sleeps sleeps;
    private final PendingSteps pending;
    private final ScopeRules scopes;
    private final Waits waits;
    private final Approvals approvals;
    private final ChildRules children;

    StepScheduler(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
        this.builtIns = new BuiltInSteps(expressions);
        this.sleeps = new Sleeps(expressions, failures);
        this.pending = new PendingSteps(expressions, failures);
        this.scopes = new ScopeRules(expressions, failures);
        this.waits = new Waits(expressions, failures);
        this.approvals = new Approvals(expressions, failures);
        this.children = new ChildRules(expressions, failures);
    }

    void advance(DecisionBuilder d) {
        if (!d.state().isStarted()) {
            return;
        }
        // A dispatch can fail (bad input expression), which can skip dependents, which can
        // finish the execution: repeat until nothing changes.
        boolean changed = true;
        while (changed && !d.state().isTerminal()) {
            changed = pending.resolve(d) | dispatchReady(d) | scopes.close(d);
        }
        if (!d.state().isTerminal() && d.state().steps().values().stream().allMatch(s -> s.status().isEnded())) {
            complete(d);
        }
    }

    /**
     * READY steps, oldest first, unless the execution is paused: agent steps are dispatched and child
     * workflows started while the execution has free slots; built-in steps are decided at once (they
     * take no slot and no task).
     */
    private boolean dispatchReady(DecisionBuilder d) {
        if (d.state().isPaused()) {
            return false; // ready steps wait for the resume (PauseRules); nothing else here stops
        }
        long running = d.state().countRunningTasks();
        int maxParallel = d.definition.limits().maxParallel();
        if (running >= maxParallel && !anyBuiltInReady(d)) {
            return false;
        }
        List<StepState> ready = d.state().steps().values().stream()
                .filter(s -> s.status() == StepStatus.READY)
                .sorted(Comparator.comparing(StepState::readyAt))
                .toList();
        boolean changed = false;
        for (StepState step : ready) {
            if (d.state().isTerminal()) {
                break;
            }
            String instance = step.stepId();
            if (d.state().step(instance).status() != StepStatus.READY) {
                continue; // an earlier one's failure ended it meanwhile (its foreach or loop failed)
            }
            StepDefinition def = d.blueprint.definitionOf(instance);
            Scope scope = ScopeRules.of(d, instance);
            ExecutionState state = d.state();
            // The one place that knows every kind: a new kind does not compile until it is handled here.
            switch (def.kind()) {
                case StepKind.Agent agent -> {
                    if (running >= maxParallel) {
                        continue;
                    }
                    if (state.tasksDispatched() >= d.definition.limits().maxTasks()) {
                        d.emit(new ExecutionFailed(ErrorInfo.of("task_limit_exceeded", "step '" + instance
                                + "' needs a task, but the execution reached its limit of "
                                + d.definition.limits().maxTasks() + " tasks"), d.now));
                        d.effect(new Effect.CancelAllTimers());
                        return true;
                    }
                    DispatchGate.Admission admission = d.gate.admit(def.agent(step.inFallback()));
                    if (!admission.admitted()) {
                        refused(d, instance, def, admission.reason());
                    } else if (dispatch(d, scope, def, step)) {
                        running++;
                    }
                }
                case StepKind.Switch choice -> decided(d, instance, def, builtIns.choose(def, choice, state, scope));
                case StepKind.Fail fail -> decided(d, instance, def, builtIns.fail(def, fail, state, scope));
                case StepKind.Aggregate aggregate ->
                        decided(d, instance, def, builtIns.aggregate(def, aggregate, state, scope));
                case StepKind.Transform transform ->
                        decided(d, instance, def, builtIns.transform(def, transform, state, scope));
                case StepKind.Validate validate ->
                        decided(d, instance, def, builtIns.validate(def, validate, state, scope));
                case StepKind.Sleep sleep -> sleeps.fallAsleep(d, instance, scope, def, sleep);
                case ScopeOwner.Foreach each -> scopes.open(d, instance, def, each);
                case ScopeOwner.Loop loop -> scopes.open(d, instance, def, loop);
                case ScopeOwner.Machine machine -> scopes.open(d, instance, def, machine);
                case ScopeOwner.Dynamic dynamic -> scopes.open(d, instance, def, dynamic);
                case StepKind.Wait wait -> waits.start(d, instance, scope, def, wait);
                case StepKind.Approval approval -> approvals.request(d, instance, scope, def, approval);
                case StepKind.Workflow child -> {
                    if (running >= maxParallel) {
                        continue; // a child takes a slot like a task: it is work in flight
                    }
                    children.start(d, instance, scope, def, child);
                    running = d.state().countRunningTasks();
                }
            }
            changed = true;
        }
        return changed;
    }

    /** Without allocating: only definitions with built-in steps look at the steps at all. */
    private static boolean anyBuiltInReady(DecisionBuilder d) {
        if (!d.blueprint.hasScopes()) {
            for (StepDefinition def : d.definition.steps()) {
                if (def.isBuiltIn() && d.state().step(def.id()).status() == StepStatus.READY) {
                    return true;
                }
            }
            return false;
        }
        for (StepState s : d.state().steps().values()) {
            if (s.status() == StepStatus.READY && d.blueprint.definitionOf(s.stepId()).isBuiltIn()) {
                return true;
            }
        }
        return false;
    }

    /** A built-in step's outcome: completed with its output, or failed for good (then its on_error). */
    private void decided(DecisionBuilder d, String instance, StepDefinition def, BuiltInSteps.Outcome outcome) {
        switch (outcome) {
            case BuiltInSteps.Outcome.Completed c ->
                    d.emit(new StepEvaluated(instance, def.kind().keyword(), c.output(), d.now));
            case BuiltInSteps.Outcome.Failed f -> failures.stepFailedFinally(d, instance, f.error());
        }
    }

    /** Its capability may not take tasks now: the step waits (HELD), or fails at once when its policy says so. */
    private void refused(DecisionBuilder d, String instance, StepDefinition def, String reason) {
        switch (def.onCircuitOpen()) {
            case HOLD -> d.emit(new TaskHeld(instance, def.agent(d.state().step(instance).inFallback()), reason,
                    d.now));
            case FAIL -> failures.stepFailedFinally(d, instance, new ErrorInfo("circuit_open", reason, true));
        }
    }

    private boolean dispatch(DecisionBuilder d, Scope scope, StepDefinition def, StepState step) {
        String instance = step.stepId();
        Object input;
        try {
            input = step.inFallback() ? Fallbacks.input(expressions, def, step, d.state(), scope)
                    : def.kind() instanceof StepKind.Agent a && a.literalInput() ? def.input()
                    : expressions.resolve(def.input(), ExpressionContext.of(d.state(), scope));
        } catch (ExpressionException e) {
            // Deterministic: another attempt would fail the same way, so no retry.
            failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error", "steps." + def.id()
                    + (step.inFallback() ? ".fallback" : "") + ".input: " + e.getMessage(), false));
            return false;
        }
        String executionId = d.state().executionId();
        int attempt = step.attempt() + 1;
        String taskId = TaskIds.taskId(executionId, instance, attempt);
        var deadline = d.now.plus(def.timeout());
        var queueDeadline = def.queueTimeout() == null ? null : d.now.plus(def.queueTimeout());
        String capability = def.agent(step.inFallback());
        d.emit(new TaskDispatched(instance, attempt, taskId, capability, input, deadline, queueDeadline, d.now));
        d.effect(new Effect.DispatchTask(taskId, instance, attempt, capability, input,
                TaskIds.idempotencyKey(executionId, instance), step.readyAt(), deadline, queueDeadline));
        d.effect(new Effect.StartTimer(TaskIds.timerId(executionId, TimerKind.TASK_DEADLINE, instance, attempt),
                TimerKind.TASK_DEADLINE, instance, attempt, deadline));
        if (queueDeadline != null) {
            d.effect(new Effect.StartTimer(TaskIds.timerId(executionId, TimerKind.QUEUE_DEADLINE, instance, attempt),
                    TimerKind.QUEUE_DEADLINE, instance, attempt, queueDeadline));
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
