package dev.weft.runtime;

import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionEvaluator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The engine's expression language as a bean; the engine itself only sees the interface. */
@ApplicationScoped
public class Expressions {

    @Produces
    @ApplicationScoped
    ExpressionEvaluator evaluator() {
        return new CelExpressionEvaluator();
    }
}
