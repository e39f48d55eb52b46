package dev.weft.expr;

import java.util.Map;

/**
 * Evaluates template trees ({@code {{ expr }}} inside strings, in maps and lists) against a
 * context of roots ({@code input}, {@code steps}, {@code execution}). Pure and bounded: no I/O,
 * a cost limit and a result size limit, so the engine can call it while deciding.
 */
public interface ExpressionEvaluator {

    /**
     * Resolves every template in {@code template}. A string that is exactly one
     * {@code {{ expr }}} yields the expression's typed value; other strings interpolate the
     * values as text. Maps and lists are resolved element by element; other values pass through.
     *
     * @param template a JSON tree as described in {@code WorkflowDefinition}
     * @param context  root name → JSON tree
     * @return a JSON tree of the same kinds
     * @throws ExpressionException naming the failing expression when evaluation fails
     */
    Object resolve(Object template, Map<String, Object> context);

    /**
     * Evaluates one bare expression (a condition, no {@code {{ }}}) to a typed JSON value.
     *
     * @throws ExpressionException naming the failing expression when evaluation fails
     */
    default Object evaluate(String expression, Map<String, Object> context) {
        return resolve("{{ " + expression + " }}", context);
    }
}
