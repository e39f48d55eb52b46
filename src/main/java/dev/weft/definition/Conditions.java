package dev.weft.definition;

import dev.weft.expr.ExpressionException;
import dev.weft.expr.Template;

/** Conditions ({@code when}, switch cases) are bare CEL; one wrapped in a single {@code {{ }}} means the same. */
final class Conditions {
    private Conditions() {}

    static String unwrap(String text) {
        String trimmed = text.trim();
        if (!Template.containsExpression(trimmed)) return trimmed;
        try {
            Template.Expr single = Template.parse(trimmed).singleExpression();
            return single == null ? trimmed : single.source();
        } catch (ExpressionException e) {
            return trimmed; // the validator reports the expression as it stands
        }
    }
}
