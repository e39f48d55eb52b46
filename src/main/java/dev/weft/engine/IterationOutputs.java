package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The output of one item or round, in one place because a foreach and a loop compute it alike. */
final class IterationOutputs {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    IterationOutputs(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /**
     * One item's or round's output: the body's output template, else its only final step's output,
     * else every final step's output by id; for a foreach's agent form ({@code body} null), the item
     * task's result. A template that fails fails the owner for good (and gives null).
     */
    Object of(DecisionBuilder d, Scope scope, ScopeOwner.Body body, StepDefinition owner) {
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
}
