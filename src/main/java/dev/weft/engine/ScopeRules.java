package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Foreach and loop steps own scopes of step instances (ADR 0005). A ready foreach evaluates its
 * items once and records them; a ready loop starts round 1. Each decision then moves the instances
 * of the open scopes like top-level steps, and an owner ends when its scopes have: a foreach with
 * the list of its items' outputs, a loop when its {@code until} holds or its bound is reached.
 */
final class ScopeRules {
    static final String FOREACH = "foreach";
    static final String LOOP = "loop";

    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    ScopeRules(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /**
     * The scopes whose instances may move now, outermost first: the top level, the items of each
     * running foreach inside its window (items start in order, at most max_parallel not ended at
     * once), and the current round of each running loop.
     */
    static List<Scope> active(DecisionBuilder d) {
        if (!d.blueprint.hasScopes()) {
            return List.of(d.top);
        }
        List<Scope> out = new ArrayList<>();
        out.add(d.top);
        for (int i = 0; i < out.size(); i++) {
            for (Owner owner : runningOwners(d, out.get(i))) {
                switch (owner.def().kind()) {
                    case StepKind.Foreach each -> {
                        int open = 0;
                        int items = ((List<?>) owner.state().input()).size();
                        for (int k = 0; k < items && open < each.maxParallel(); k++) {
                            Scope item = item(d, owner.scope(), owner.key(), each, owner.state(), k);
                            if (!ended(d.state(), item)) {
                                out.add(item);
                                open++;
                            }
                        }
                    }
                    case StepKind.Loop loop -> out.add(round(d.state(), owner.scope(), owner.key(), loop,
                            owner.state().attempt()));
                    default -> throw new IllegalStateException("Expected a kind that owns a scope, but got "
                            + owner.def().kind().keyword());
                }
            }
        }
        return out;
    }

    /** A running foreach or loop in a scope. */
    private record Owner(Scope scope, StepDefinition def, String key, StepState state) {
    }

    private static List<Owner> runningOwners(DecisionBuilder d, Scope scope) {
        List<Owner> out = new ArrayList<>();
        for (StepDefinition def : scope.steps()) {
            if (def.kind().ownsScope()) {
                String key = scope.instanceOf(def.id());
                StepState o = d.state().steps().get(key);
                if (o != null && o.status() == StepStatus.RUNNING) {
                    out.add(new Owner(scope, def, key, o));
                }
            }
        }
        return out;
    }

    /** The scope an instance runs in, with the variables it binds. */
    static Scope of(DecisionBuilder d, String instance) {
        if (TaskIds.isTopLevel(instance)) {
            return d.top;
        }
        List<TaskIds.Segment> segments = TaskIds.parseInstance(instance);
        Scope scope = d.top;
        for (int i = 0; i < segments.size(); i++) {
            TaskIds.Segment seg = segments.get(i);
            StepDefinition def = d.blueprint.byId(seg.stepId());
            boolean last = i == segments.size() - 1;
            if (last && !(seg.isItem() && def.kind() instanceof StepKind.Foreach)) {
                return scope;
            }
            String owner = scope.instanceOf(seg.stepId());
            StepState o = d.state().step(owner);
            scope = switch (def.kind()) {
                case StepKind.Foreach each -> item(d, scope, owner, each, o, seg.index());
                case StepKind.Loop loop -> round(d.state(), scope, owner, loop, Math.max(1, seg.round()));
                default -> throw new IllegalArgumentException("Expected '" + seg.stepId() + "' in '" + instance
                        + "' to be a foreach or a loop, but it is a " + def.kind().keyword() + " step");
            };
        }
        return scope;
    }

    /** A ready foreach evaluates its items; a ready loop starts its first round. */
    void open(DecisionBuilder d, String instance, StepDefinition def) {
        Scope scope = of(d, instance);
        switch (def.kind()) {
            case StepKind.Foreach each -> {
                Object items;
                try {
                    items = expressions.resolve(each.items(), ExpressionContext.of(d.state(), scope));
                } catch (ExpressionException e) {
                    failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error",
                            "steps." + def.id() + ".foreach.items: " + e.getMessage(), false));
                    return;
                }
                if (!(items instanceof List<?> list)) {
                    failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error", "steps." + def.id()
                            + ".foreach.items: expected a list, but got " + Values.describe(items), false));
                    return;
                }
                if (list.size() > each.maxItems()) {
                    failures.stepFailedFinally(d, instance, new ErrorInfo("too_many_items", "steps." + def.id()
                            + ".foreach.items: " + list.size() + " items, more than max_items " + each.maxItems(),
                            false));
                    return;
                }
                d.emit(new ItemsExpanded(instance, new ArrayList<>(list), d.now));
            }
            case StepKind.Loop loop -> d.emit(new RoundStarted(instance, 1, d.now));
            default -> throw new IllegalStateException("Expected a foreach or a loop, but got " + def.kind().keyword());
        }
    }

    /** Owners whose scopes have all ended end too, or start their next round. */
    boolean close(DecisionBuilder d) {
        if (!d.blueprint.hasScopes()) {
            return false;
        }
        boolean changed = false;
        for (Scope scope : active(d)) {
            for (Owner owner : runningOwners(d, scope)) {
                if (d.state().isTerminal()) {
                    return true;
                }
                if (d.state().step(owner.key()).status() != StepStatus.RUNNING) {
                    continue; // an owner closed before it ended this one
                }
                changed |= switch (owner.def().kind()) {
                    case StepKind.Foreach each -> closeForeach(d, scope, owner.key(), owner.def(), each, owner.state());
                    case StepKind.Loop loop -> closeRound(d, scope, owner.key(), owner.def(), loop, owner.state());
                    default -> throw new IllegalStateException("Expected a kind that owns a scope, but got "
                            + owner.def().kind().keyword());
                };
            }
        }
        return changed;
    }

    private boolean closeForeach(DecisionBuilder d, Scope scope, String owner, StepDefinition def,
                                 StepKind.Foreach each, StepState o) {
        int items = ((List<?>) o.input()).size();
        List<Scope> scopes = new ArrayList<>(items);
        for (int k = 0; k < items; k++) {
            Scope item = item(d, scope, owner, each, o, k);
            if (!ended(d.state(), item)) {
                return false;
            }
            scopes.add(item);
        }
        List<Object> outputs = new ArrayList<>(items);
        for (Scope item : scopes) {
            String failed = failedIn(d.state(), item);
            if (failed != null) {
                failures.ownerFailed(d, owner, failed, d.state().step(failed).error());
                return true;
            }
            Object output = iterationOutput(d, item, each.isAgentForm() ? null : each, def);
            if (d.state().step(owner).status().isEnded()) {
                return true; // its output template failed
            }
            outputs.add(output);
        }
        d.emit(new StepEvaluated(owner, FOREACH, outputs, d.now));
        return true;
    }

    private boolean closeRound(DecisionBuilder d, Scope scope, String owner, StepDefinition def, StepKind.Loop loop,
                               StepState o) {
        Scope round = round(d.state(), scope, owner, loop, o.attempt());
        if (!ended(d.state(), round)) {
            return false;
        }
        String failed = failedIn(d.state(), round);
        if (failed != null) {
            failures.ownerFailed(d, owner, failed, d.state().step(failed).error());
            return true;
        }
        String where = "steps." + def.id() + ".loop.until";
        Object value;
        try {
            value = expressions.evaluate(loop.until(), ExpressionContext.of(d.state(), round));
        } catch (ExpressionException e) {
            failures.stepFailedFinally(d, owner, new ErrorInfo("expression_error", where + ": " + e.getMessage(),
                    false));
            return true;
        }
        if (!(value instanceof Boolean holds)) {
            failures.stepFailedFinally(d, owner, new ErrorInfo("expression_error", where + ": expected the "
                    + "condition '" + loop.until() + "' to be a bool, but it is " + Values.describe(value), false));
            return true;
        }
        int r = o.attempt();
        String outcome = holds ? RoundEnded.UNTIL : r >= loop.maxIterations() ? RoundEnded.MAX_ITERATIONS
                : RoundEnded.AGAIN;
        d.emit(new RoundEnded(owner, r, loop.until(), value, outcome, d.now));
        if (outcome.equals(RoundEnded.AGAIN)) {
            d.emit(new RoundStarted(owner, r + 1, d.now));
            return true;
        }
        Object output = iterationOutput(d, round, loop, def);
        if (!d.state().step(owner).status().isEnded()) {
            d.emit(new StepEvaluated(owner, LOOP, output, d.now));
        }
        return true;
    }

    /**
     * One item's or round's output: the body's output template, else its only final step's output,
     * else every final step's output by id; for a foreach's agent form, the item task's result.
     */
    private Object iterationOutput(DecisionBuilder d, Scope scope, StepKind.Body body, StepDefinition owner) {
        if (body == null) {
            return d.state().step(scope.key()).output();
        }
        if (body.output() != null) {
            try {
                return expressions.resolve(body.output(), ExpressionContext.of(d.state(), scope));
            } catch (ExpressionException e) {
                failures.stepFailedFinally(d, scope.owner(), new ErrorInfo("expression_error", "steps." + owner.id()
                        + "." + owner.kind().keyword() + ".output: " + e.getMessage(), false));
                return null;
            }
        }
        Set<String> depended = new HashSet<>();
        body.steps().forEach(s -> depended.addAll(s.dependsOn()));
        List<StepDefinition> finals = body.steps().stream().filter(s -> !depended.contains(s.id())).toList();
        if (finals.size() == 1) {
            return d.state().step(scope.instanceOf(finals.getFirst().id())).output();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        finals.forEach(s -> out.put(s.id(), d.state().step(scope.instanceOf(s.id())).output()));
        return out;
    }

    private static Scope item(DecisionBuilder d, Scope parent, String owner, StepKind.Foreach each, StepState o,
                              int index) {
        String key = TaskIds.item(owner, index);
        List<StepDefinition> steps = each.isAgentForm() ? List.of(d.blueprint.definitionOf(key)) : each.steps();
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("item", ((List<?>) o.input()).get(index));
        bindings.put("index", (long) index);
        return new Scope(key, owner, steps, each.isAgentForm(), bindings, parent);
    }

    private static Scope round(ExecutionState state, Scope parent, String owner, StepKind.Loop loop, int round) {
        Map<String, Object> previous = new LinkedHashMap<>();
        if (round > 1) {
            String before = TaskIds.round(owner, round - 1);
            for (StepDefinition s : loop.steps()) {
                previous.put(s.id(), ExpressionContext.view(state.step(TaskIds.inScope(before, s.id()))));
            }
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("round", (long) round);
        bindings.put("previous", previous);
        return new Scope(TaskIds.round(owner, round), owner, loop.steps(), false, bindings, parent);
    }

    /** Whether every instance of the scope has ended (a nested foreach or loop ends only when its own scopes have). */
    static boolean ended(ExecutionState state, Scope scope) {
        for (StepDefinition def : scope.steps()) {
            StepState s = state.steps().get(scope.instanceOf(def.id()));
            if (s == null || !s.status().isEnded()) {
                return false;
            }
        }
        return true;
    }

    /** The first instance of the scope that failed (on_error continue let the others finish), or null. */
    private static String failedIn(ExecutionState state, Scope scope) {
        for (StepDefinition def : scope.steps()) {
            String key = scope.instanceOf(def.id());
            if (state.step(key).status() == StepStatus.FAILED) {
                return key;
            }
        }
        return null;
    }
}
