package dev.weft.engine;

import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.Map;

/**
 * A CEL condition the engine decides on (a {@code when}, a switch case, a loop's {@code until}, a
 * state machine's transition): its bool, or the error that fails its step for good — a condition
 * that cannot be evaluated, or is no bool, would fail the same way again.
 */
sealed interface ConditionOutcome {

    /** @param value what the condition gave */
    record Holds(boolean value) implements ConditionOutcome {
    }

    record Failed(ErrorInfo error) implements ConditionOutcome {
    }

    /** @param where the condition's place in the definition, e.g. {@code steps.review.when}, for the error */
    static ConditionOutcome of(ExpressionEvaluator expressions, String condition, Map<String, Object> context,
                               String where) {
        Object value;
        try {
            value = expressions.evaluate(condition, context);
        } catch (ExpressionException e) {
            return new Failed(new ErrorInfo("expression_error", where + ": " + e.getMessage(), false));
        }
        if (!(value instanceof Boolean holds)) {
            return new Failed(new ErrorInfo("expression_error", where + ": expected the condition '" + condition
                    + "' to be a bool, but it is " + Values.describe(value), false));
        }
        return new Holds(holds);
    }
}
