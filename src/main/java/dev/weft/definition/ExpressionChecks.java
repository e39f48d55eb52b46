package dev.weft.definition;

import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import dev.weft.expr.TemplateExpression;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of expressions and templates, bound to one place in a definition, so that the
 * validator and the built-in kinds' rules check them alike: they compile (type-checked only at
 * registration) and read only steps that exist and are guaranteed to have ended.
 *
 * @param known   step ids that exist where the expression is
 * @param allowed step ids the expression may read, or null for any existing step (output)
 */
record ExpressionChecks(Set<String> known, Set<String> allowed, Scope scope, Problems problems) {

    /** Every template in {@code tree}, each a value of any type. */
    void templates(Object tree, String path) {
        templates(tree, path, Expression.VALUE);
    }

    /** @param purpose VALUE, or a chain's input ({@link Expression#ON_COMPLETE}, {@link Expression#ON_FAILURE}) */
    void templates(Object tree, String base, Expression purpose) {
        // Walk leaf by leaf so one malformed string does not hide problems in its siblings.
        if (tree instanceof Map<?, ?> m) {
            m.forEach((k, v) -> templates(v, Problems.join(base, String.valueOf(k)), purpose));
            return;
        }
        if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                templates(l.get(i), base + "[" + i + "]", purpose);
            }
            return;
        }
        if (!(tree instanceof String)) return;
        List<TemplateExpression> expressions;
        try {
            expressions = CelExpressionEvaluator.expressions(tree);
        } catch (ExpressionException e) {
            problems.add(base, e.getMessage());
            return;
        }
        for (TemplateExpression te : expressions) {
            expression(te.expression(), purpose, Problems.join(base, te.path()));
        }
    }

    void expression(String expression, Expression purpose, String path) {
        Set<String> roots = scope.roots();
        Set<String> refs;
        try {
            refs = switch (scope.rules()) {
                case REGISTRATION -> switch (purpose) {
                    case VALUE -> CelExpressionEvaluator.referencedSteps(expression, roots);
                    case CONDITION -> {
                        CelExpressionEvaluator.checkCondition(expression, roots);
                        yield CelExpressionEvaluator.referencedSteps(expression, roots);
                    }
                    case AGGREGATE -> CelExpressionEvaluator.referencedSteps(expression, union(roots, "values"));
                    case ON_COMPLETE -> CelExpressionEvaluator.referencedSteps(expression, Set.of("output"));
                    case ON_FAILURE -> CelExpressionEvaluator.referencedSteps(expression, Set.of("error"));
                };
                case STORED -> CelExpressionEvaluator.referencedStepsInSyntax(expression);
            };
        } catch (ExpressionException e) {
            problems.add(path, e.getMessage());
            return;
        }
        for (String ref : refs) {
            String owner = scope.owners().get(ref);
            if (!known.contains(ref) && owner != null) {
                problems.add(path, "expression '" + expression + "' reads step '" + ref + "', which runs inside '"
                        + owner + "'; outside its body, read steps." + owner + ".output");
            } else if (!known.contains(ref)) {
                problems.add(path, "expression '" + expression + "' reads unknown step '" + ref + "'");
            } else if (allowed != null && !allowed.contains(ref)) {
                problems.add(path, "expression '" + expression + "' reads step '" + ref
                        + "', which is not among this step's dependencies; add it to depends_on");
            }
        }
    }

    boolean compilesSchemas() {
        return scope.rules() == DefinitionParser.Rules.REGISTRATION;
    }

    private static Set<String> union(Set<String> roots, String root) {
        Set<String> out = new HashSet<>(roots);
        out.add(root);
        return out;
    }
}
