package dev.weft.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Walks a template tree (maps, lists, strings with {@code {{ }}}): resolving it, or listing its
 * expressions. Apart from {@link CelExpressionEvaluator} because the walk knows nothing of CEL:
 * it only finds the expressions and puts their values in place, whatever evaluates them.
 */
final class TemplateTrees {

    private TemplateTrees() {
    }

    /**
     * The tree with every template string replaced: a string that is one {@code {{ expr }}} by the
     * expression's value, any other by the text with each value rendered in place, which may be at
     * most {@code maxResultBytes} of JSON. Everything else is kept as it is.
     *
     * @param evaluate an expression's source to its JSON value
     */
    static Object resolve(Object template, Function<String, Object> evaluate, long maxResultBytes) {
        return switch (template) {
            case String s when Template.containsExpression(s) -> resolveString(s, evaluate, maxResultBytes);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, evaluate, maxResultBytes)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(resolve(v, evaluate, maxResultBytes)));
                yield out;
            }
            case null, default -> template;
        };
    }

    /** Every {@code {{ expr }}} in the tree with the path where it appears. */
    static List<TemplateExpression> expressions(Object template) {
        List<TemplateExpression> out = new ArrayList<>();
        collect(template, "", out);
        return out;
    }

    private static Object resolveString(String text, Function<String, Object> evaluate, long maxResultBytes) {
        Template template = Template.parse(text);
        Template.Expr single = template.singleExpression();
        if (single != null) {
            return evaluate.apply(single.source());
        }
        StringBuilder out = new StringBuilder();
        for (Template.Segment segment : template.segments()) {
            switch (segment) {
                case Template.Literal l -> out.append(l.text());
                case Template.Expr e -> out.append(JsonCel.render(evaluate.apply(e.source())));
            }
        }
        String result = out.toString();
        if (JsonCel.jsonBytes(result) > maxResultBytes) {
            throw new ExpressionException("template '" + Messages.abbreviate(text) + "' failed: result exceeds "
                    + maxResultBytes + " bytes");
        }
        return result;
    }

    private static void collect(Object node, String path, List<TemplateExpression> out) {
        switch (node) {
            case String s when Template.containsExpression(s) ->
                    Template.parse(s).expressions().forEach(e -> out.add(new TemplateExpression(path, e)));
            case Map<?, ?> m -> m.forEach((k, v) -> collect(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, out));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) collect(l.get(i), path + "[" + i + "]", out);
            }
            case null, default -> { }
        }
    }
}
