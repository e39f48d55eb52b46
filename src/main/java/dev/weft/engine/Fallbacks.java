package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.expr.ExpressionEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fallback task is given: its input template, resolved like the step's own input but with
 * {@code error} (the step's failure: {@code type}, {@code message}) in scope, so it can say what
 * went wrong to whoever takes over.
 */
final class Fallbacks {
    private Fallbacks() {
    }

    static Object input(ExpressionEvaluator expressions, StepDefinition def, StepState step, ExecutionState state,
                        Scope scope) {
        Map<String, Object> context = new LinkedHashMap<>(ExpressionContext.of(state, scope));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", step.error() == null ? null : step.error().type());
        error.put("message", step.error() == null ? null : step.error().message());
        context.put("error", error);
        return expressions.resolve(def.fallback().input(), context);
    }
}
