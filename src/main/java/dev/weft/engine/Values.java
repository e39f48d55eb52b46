package dev.weft.engine;

import java.util.List;
import java.util.Map;

/** How a JSON value is named in error messages. */
final class Values {
    private Values() {
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string ('" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "')";
            case Boolean b -> "a bool (" + b + ")";
            case Long l -> "an integer (" + l + ")";
            case Integer i -> "an integer (" + i + ")";
            case Number n -> "a number (" + n + ")";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> value.getClass().getSimpleName();
        };
    }

    static String type(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a bool";
            case Long l -> "an integer";
            case Integer i -> "an integer";
            case Number n -> "a number";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> value.getClass().getSimpleName();
        };
    }
}
