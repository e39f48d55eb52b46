package dev.weft.expr;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages for an operator or function that does not apply to its operands' types. CEL says only
 * "found no matching overload for '_%_' applied to '(dyn, double)'" or, at run time, lists overload
 * ids; these name the operator as written, the types, and the conversion that fixes it.
 */
final class OperatorErrors {
    private static final Pattern CHECKER = Pattern.compile(
            "^found no matching overload for '([^']+)' applied to '\\((.*)\\)'(?: \\(candidates: .*\\))?$");
    private static final Pattern INDEX_OUT_OF_BOUNDS = Pattern.compile("^Index out of bounds: (-?[0-9.Ee+-]+)$");
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("_+_", "+"), Map.entry("_-_", "-"), Map.entry("_*_", "*"), Map.entry("_/_", "/"),
            Map.entry("_%_", "%"), Map.entry("-_", "-"), Map.entry("!_", "!"),
            Map.entry("_<_", "<"), Map.entry("_<=_", "<="), Map.entry("_>_", ">"), Map.entry("_>=_", ">="),
            Map.entry("_==_", "=="), Map.entry("_!=_", "!="), Map.entry("@in", "in"), Map.entry("_[_]", "[]"),
            Map.entry("_&&_", "&&"), Map.entry("_||_", "||"), Map.entry("_?_:_", "? :"));
    private static final List<String> ARITHMETIC = List.of("+", "-", "*", "/");
    private static final List<String> ORDERING = List.of("<", "<=", ">", ">=");
    private static final List<String> NUMBERS = List.of("int", "uint", "double");

    private OperatorErrors() {}

    /** The type checker's message about {@code issue}, rewritten when it is about operand types. */
    static String fromChecker(String issue) {
        Matcher m = CHECKER.matcher(issue);
        return m.matches() ? noOverload(m.group(1), splitTypes(m.group(2))) : issue;
    }

    /** For a call whose arguments no overload of {@code function} takes at run time. */
    static String atRunTime(String function, Object[] args) {
        return noOverload(function, Arrays.stream(args).map(OperatorErrors::typeOf).toList());
    }

    /** An evaluation message from CEL itself, clarified where a number is the cause. */
    static String fromEvaluation(String message) {
        Matcher m = INDEX_OUT_OF_BOUNDS.matcher(message);
        if (m.matches()) {
            double index = Double.parseDouble(m.group(1));
            if (index != Math.rint(index)) {
                return "list index " + m.group(1) + " is not a whole number; convert the index with int(x)";
            }
        }
        return message;
    }

    private static String noOverload(String function, List<String> types) {
        String operator = OPERATORS.get(function);
        String what = operator == null ? "no function '" + function + "'" : "no operator '" + operator + "'";
        String message = what + " for " + list(types);
        String hint = operator == null ? null : hint(operator, types);
        return hint == null ? message : message + "; " + hint;
    }

    private static String hint(String operator, List<String> types) {
        List<String> bases = types.stream().map(t -> t.replaceFirst("\\(.*", "")).toList();
        boolean number = bases.stream().anyMatch(NUMBERS::contains);
        boolean string = bases.contains("string");
        if (operator.equals("%") && bases.contains("double")) return "convert with int(x)";
        if (operator.equals("[]") && bases.size() == 2 && bases.get(1).equals("double")) {
            return "convert the index with int(x)";
        }
        if (ARITHMETIC.contains(operator) || ORDERING.contains(operator)) {
            if (number && string) {
                return operator.equals("+") || ORDERING.contains(operator)
                        ? "convert with string(x), int(x) or double(x)"
                        : "convert with int(x) or double(x)";
            }
            if (bases.contains("uint") && (bases.contains("int") || bases.contains("double"))) {
                return "convert with int(x), uint(x) or double(x)";
            }
        }
        return null;
    }

    /** CEL's name for the type of a run-time value. */
    private static String typeOf(Object value) {
        return switch (value) {
            case null -> "null";
            case NullValue n -> "null";
            case com.google.protobuf.NullValue n -> "null";
            case Long l -> "int";
            case Double d -> "double";
            case UnsignedLong u -> "uint";
            case String s -> "string";
            case Boolean b -> "bool";
            case List<?> l -> "list";
            case Map<?, ?> m -> "map";
            case ByteString b -> "bytes";
            case CelByteString b -> "bytes";
            case Timestamp t -> "timestamp";
            case com.google.protobuf.Duration d -> "duration";
            default -> value.getClass().getSimpleName();
        };
    }

    /** "(list(int), map(string, dyn))" without its parentheses → [list(int), map(string, dyn)]. */
    private static List<String> splitTypes(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(text.substring(start).trim());
        return out;
    }

    private static String list(List<String> types) {
        if (types.size() <= 1) return String.join("", types);
        return String.join(", ", types.subList(0, types.size() - 1)) + " and " + types.getLast();
    }
}
