package dev.weft.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed access to the fields of one parsed object; every problem goes to {@link Problems}. */
final class FieldReader {
    private final Map<String, Object> object;
    private final String path;
    private final Problems problems;

    FieldReader(Map<String, Object> object, String path, Problems problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    String pathOf(String key) {
        return Problems.join(path, key);
    }

    boolean has(String key) {
        return object.get(key) != null;
    }

    Object raw(String key) {
        return object.get(key);
    }

    /** Unknown fields are errors so that a typo like {@code depend_on} cannot pass silently. */
    void rejectUnknown(List<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(pathOf(key), "unknown field '" + key + "'; allowed fields are " + String.join(", ", allowed));
            }
        }
    }

    String string(String key, boolean required, Pattern pattern, String patternHint) {
        Object v = object.get(key);
        if (v == null) {
            if (required) problems.add(path, "missing required field '" + key + "'");
            return null;
        }
        if (!(v instanceof String s)) {
            problems.add(pathOf(key), "expected a string, but got " + Problems.describe(v));
            return null;
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            problems.add(pathOf(key), "must match " + patternHint + ", but got " + Problems.describe(s));
            return null;
        }
        return s;
    }

    Integer integer(String key, int defaultValue, int min, int max) {
        Object v = object.get(key);
        if (v == null) return defaultValue;
        if (!(v instanceof Long l)) {
            problems.add(pathOf(key), "expected an integer, but got " + Problems.describe(v));
            return null;
        }
        if (l < min || l > max) {
            problems.add(pathOf(key), "must be between " + min + " and " + max + ", but got " + l);
            return null;
        }
        return l.intValue();
    }

    Double number(String key, double defaultValue, double min, double max) {
        Object v = object.get(key);
        if (v == null) return defaultValue;
        if (!(v instanceof Number n)) {
            problems.add(pathOf(key), "expected a number, but got " + Problems.describe(v));
            return null;
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            problems.add(pathOf(key), "must be between " + min + " and " + max + ", but got " + v);
            return null;
        }
        return d;
    }

    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Object v = object.get(key);
        if (v == null) return defaultValue;
        Duration d = v instanceof String s ? Durations.parse(s).orElse(null) : null;
        if (d == null) {
            problems.add(pathOf(key), "expected a duration like 10s, 5m or 1h, but got " + Problems.describe(v));
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(pathOf(key), "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", but got " + Problems.describe(v));
            return null;
        }
        return d;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Object v = object.get(key);
        if (v == null) return defaultValue;
        Set<String> names = names(type);
        if (v instanceof String s && names.contains(s)) {
            return Enum.valueOf(type, s.toUpperCase(java.util.Locale.ROOT));
        }
        problems.add(pathOf(key), "must be one of " + String.join(", ", names) + ", but got " + Problems.describe(v));
        return null;
    }

    private static <E extends Enum<E>> Set<String> names(Class<E> type) {
        var out = new java.util.LinkedHashSet<String>();
        for (E e : type.getEnumConstants()) out.add(e.name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    /** A list of strings matching {@code pattern}; empty when absent, null (with an error) when malformed. */
    List<String> strings(String key, Pattern pattern, String patternHint) {
        Object v = object.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            problems.add(pathOf(key), "expected a list of strings, but got " + Problems.describe(v));
            return null;
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s && pattern.matcher(s).matches()) {
                out.add(s);
            } else {
                problems.add(pathOf(key) + "[" + i + "]", "expected " + patternHint + ", but got "
                        + Problems.describe(list.get(i)));
                return null;
            }
        }
        return out;
    }

    /** A nested object, or null (with an error if present but not an object). */
    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key) {
        Object v = object.get(key);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        problems.add(pathOf(key), "expected an object, but got " + Problems.describe(v));
        return null;
    }
}
