package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.ItemsExpanded;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A foreach's items, one owner kind of {@link ScopeRules} in its own class: the items evaluated
 * once, the window of items that may move, and the list of their outputs that ends the step.
 */
final class ForeachItems {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;
    private final IterationOutputs outputs;

    ForeachItems(ExpressionEvaluator expressions, FailureRules failures, IterationOutputs outputs) {
        this.expressions = expressions;
        this.failures = failures;
        this.outputs = outputs;
    }

    /** The items that may move now: in order, at most max_parallel of them not ended at once. */
    static List<Scope> window(DecisionBuilder d, ScopeRules.Owner owner, ScopeOwner.Foreach each) {
        List<Scope> out = new ArrayList<>();
        int items = ((List<?>) owner.state().input()).size();
        for (int k = 0; k < items && out.size() < each.maxParallel(); k++) {
            Scope item = item(d, owner.scope(), owner.key(), each, owner.state(), k);
            if (!ScopeRules.ended(d.state(), item)) {
                out.add(item);
            }
        }
        return out;
    }

    /** A ready foreach evaluates its items once and records them, or fails for good. */
    void open(DecisionBuilder d, String instance, StepDefinition def, ScopeOwner.Foreach each, Scope scope) {
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

    /** Once every item has ended: the list of their outputs, or the owner fails with the first failed item. */
    boolean close(DecisionBuilder d, ScopeRules.Owner owner, ScopeOwner.Foreach each) {
        StepState o = owner.state();
        int items = ((List<?>) o.input()).size();
        List<Scope> scopes = new ArrayList<>(items);
        for (int k = 0; k < items; k++) {
            Scope item = item(d, owner.scope(), owner.key(), each, o, k);
            if (!ScopeRules.ended(d.state(), item)) {
                return false;
            }
            scopes.add(item);
        }
        List<Object> results = new ArrayList<>(items);
        for (Scope item : scopes) {
            String failed = ScopeRules.failedIn(d.state(), item);
            if (failed != null) {
                failures.ownerFailed(d, owner.key(), failed, d.state().step(failed).error());
                return true;
            }
            Object output = outputs.of(d, item, each.isAgentForm() ? null : each, owner.def());
            if (d.state().step(owner.key()).status().isEnded()) {
                return true; // its output template failed
            }
            results.add(output);
        }
        d.emit(new StepEvaluated(owner.key(), ScopeRules.FOREACH, results, d.now));
        return true;
    }

    /** Item {@code index} of the foreach instance {@code owner}, binding {@code item} and {@code index}. */
    static Scope item(DecisionBuilder d, Scope parent, String owner, ScopeOwner.Foreach each, StepState o, int index) {
        String key = TaskIds.item(owner, index);
        List<StepDefinition> steps = each.isAgentForm() ? List.of(d.blueprint.definitionOf(key)) : each.steps();
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("item", ((List<?>) o.input()).get(index));
        bindings.put("index", (long) index);
        return new Scope(key, owner, steps, each.isAgentForm(), bindings, parent);
    }
}
