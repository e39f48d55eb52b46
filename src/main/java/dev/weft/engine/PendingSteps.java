package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;

/**
 * When a waiting step may start: its join (all, any, a quorum) over its dependencies, a failure
 * that blocks it, branch decisions that make it a dead path, and its {@code when} condition.
 */
final class PendingSteps {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    PendingSteps(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /**
     * PENDING steps whose join is satisfied become READY (or SKIPPED by their {@code when}); those
     * behind a failure are SKIPPED as blocked, those behind branch decisions only as a dead path.
     */
    boolean resolve(DecisionBuilder d) {
        boolean changed = false;
        for (Scope scope : ScopeRules.active(d)) {
            for (StepDefinition def : scope.steps()) {
                String instance = scope.instanceOf(def.id());
                StepState s = d.state().steps().get(instance);
                if (s == null || s.status() != StepStatus.PENDING || d.state().isTerminal()) {
                    continue;
                }
                changed |= def.join().isAll() ? joinAll(d, scope, instance, def)
                        : joinQuorum(d, scope, instance, def);
            }
        }
        return changed;
    }

    /**
     * The default join: every dependency has ended. A failure blocks the step (as it always did);
     * dependencies all skipped by branch decisions make it a dead path; otherwise it may run — a
     * join after a branch runs once, with whichever branch ran.
     */
    private boolean joinAll(DecisionBuilder d, Scope scope, String instance, StepDefinition def) {
        String blocker = null;
        boolean live = def.dependsOn().isEmpty();
        for (String dep : def.dependsOn()) {
            StepState depState = d.state().step(scope.instanceOf(dep));
            if (!depState.status().isEnded()) {
                return false;
            }
            if (blocker == null && depState.blocksDependents()) {
                blocker = "dependency '" + dep + "' " + depState.status().name().toLowerCase();
            }
            live |= !depState.branchSkipped();
        }
        if (blocker != null) {
            d.emit(new StepSkipped(instance, blocker, true, d.now));
        } else if (!live) {
            d.emit(new StepSkipped(instance, "dead path: every dependency was skipped by a branch ("
                    + String.join(", ", def.dependsOn()) + ")", false, true, null, null, d.now));
        } else {
            start(d, scope, instance, def);
        }
        return true;
    }

    /**
     * {@code join: any} or {@code { quorum: N }}: the step runs once N dependencies have arrived
     * (completed, or skipped by on_error skip), without waiting for the others; their later
     * results are recorded as usual and trigger nothing. When N can no longer arrive the step is
     * skipped: as blocked when a failure is among the reasons, else as a dead path.
     */
    private boolean joinQuorum(DecisionBuilder d, Scope scope, String instance, StepDefinition def) {
        int arrived = 0;
        int open = 0;
        String blocker = null;
        for (String dep : def.dependsOn()) {
            StepState depState = d.state().step(scope.instanceOf(dep));
            if (!depState.status().isEnded()) {
                open++;
            } else if (arrived(depState)) {
                arrived++;
            } else if (blocker == null && depState.blocksDependents()) {
                blocker = "dependency '" + dep + "' " + depState.status().name().toLowerCase();
            }
        }
        int required = def.join().required(def.dependsOn().size());
        if (arrived >= required) {
            if (def.join().cancelOthers()) {
                cancelOthers(d, scope, def);
            }
            start(d, scope, instance, def);
            return true;
        }
        if (arrived + open >= required) {
            return false;
        }
        String needs = " (its join needs " + required + " of " + def.dependsOn().size() + " dependencies)";
        if (blocker != null) {
            d.emit(new StepSkipped(instance, blocker + needs, true, d.now));
        } else {
            d.emit(new StepSkipped(instance, "dead path: too few dependencies can complete" + needs, false, true,
                    null, null, d.now));
        }
        return true;
    }

    /** Completed, or skipped by its own on_error: skip (dependents run past it, seeing a null output). */
    private static boolean arrived(StepState s) {
        return s.status() == StepStatus.COMPLETED
                || s.status() == StepStatus.SKIPPED && !s.blocksDependents() && !s.branchSkipped();
    }

    /**
     * {@code cancel_others}: the join's dependencies still open end SKIPPED (a branch decision, so
     * what depends on them sees a dead path), their timers go, and a result that still comes for
     * them is recorded as ignored. Agents are not told: the protocol has no cancel message.
     */
    private static void cancelOthers(DecisionBuilder d, Scope scope, StepDefinition def) {
        for (String dep : def.dependsOn()) {
            String instance = scope.instanceOf(dep);
            StepState s = d.state().step(instance);
            if (s.status().isEnded()) {
                continue;
            }
            StepTimers.cancel(d, instance, s);
            String reason = "cancel_others: join '" + def.id() + "' had the dependencies it needs";
            if (d.blueprint.byId(dep).kind().ownsScope()) {
                FailureRules.endOpenInside(d, instance, reason);
            }
            d.emit(new StepSkipped(instance, reason, false, true, null, null, d.now));
        }
    }

    /**
     * The step's join is satisfied: it is READY unless its {@code when} is false (SKIPPED, reason
     * {@code when}, with the condition and its value). A condition that cannot be evaluated fails
     * the step for good: it would fail the same way again.
     */
    private void start(DecisionBuilder d, Scope scope, String instance, StepDefinition def) {
        if (def.when() != null) {
            switch (ConditionOutcome.of(expressions, def.when(), ExpressionContext.of(d.state(), scope),
                    "steps." + def.id() + ".when")) {
                case ConditionOutcome.Failed f -> {
                    failures.stepFailedFinally(d, instance, f.error());
                    return;
                }
                case ConditionOutcome.Holds h when !h.value() -> {
                    d.emit(new StepSkipped(instance, StepSkipped.WHEN, false, true, def.when(), false, d.now));
                    return;
                }
                case ConditionOutcome.Holds h -> { }
            }
        }
        d.emit(new StepReady(instance, 1, d.now));
    }
}
