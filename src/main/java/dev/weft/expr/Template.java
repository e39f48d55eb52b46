package dev.weft.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code {{ expr }}} segments. The scanner tracks CEL string
 * literals and brace depth so that {@code {{ {'a': {'b': 1}} }}} closes at the right {@code }}}.
 *
 * @param segments literal and expression segments in order
 */
public record Template(List<Segment> segments) {

    public sealed interface Segment permits Literal, Expr {}

    public record Literal(String text) implements Segment {}

    /** @param source the expression text, trimmed */
    public record Expr(String source) implements Segment {}

    public Template {
        segments = List.copyOf(segments);
    }

    /** Cheap pre-check on the hot path: strings without "{{" are never templates. */
    public static boolean containsExpression(String text) {
        return text.contains("{{");
    }

    /** The single expression when the text is exactly one {@code {{ expr }}} (whitespace around allowed). */
    public Expr singleExpression() {
        Expr found = null;
        for (Segment s : segments) {
            if (s instanceof Expr e) {
                if (found != null) return null;
                found = e;
            } else if (!((Literal) s).text().isBlank()) {
                return null;
            }
        }
        return found;
    }

    public List<String> expressions() {
        return segments.stream().filter(Expr.class::isInstance).map(s -> ((Expr) s).source()).toList();
    }

    /** @throws ExpressionException when a {@code {{} is not closed or an expression is empty */
    public static Template parse(String text) {
        List<Segment> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf("{{", pos);
            if (open < 0) {
                out.add(new Literal(text.substring(pos)));
                break;
            }
            if (open > pos) out.add(new Literal(text.substring(pos, open)));
            int close = findClose(text, open + 2);
            if (close < 0) {
                throw new ExpressionException("template '" + Messages.abbreviate(text)
                        + "' is invalid: '{{' at offset " + open + " is not closed by '}}'");
            }
            String source = text.substring(open + 2, close).trim();
            if (source.isEmpty()) {
                throw new ExpressionException("template '" + Messages.abbreviate(text)
                        + "' is invalid: empty expression at offset " + open);
            }
            out.add(new Expr(source));
            pos = close + 2;
        }
        return new Template(out);
    }

    /** Index of the closing "}}" outside string literals and nested braces, or -1. */
    private static int findClose(String text, int from) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(text, i);
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0 && i + 1 < text.length() && text.charAt(i + 1) == '}') return i;
                if (depth > 0) depth--;
            }
            i++;
        }
        return -1;
    }

    /** Returns the index just after the string literal starting at {@code start}. */
    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), start);
        String end = triple ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        int i = start + end.length();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (text.startsWith(end, i)) return i + end.length();
            i++;
        }
        return text.length();
    }
}
