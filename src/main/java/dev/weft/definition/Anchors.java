package dev.weft.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anchors ({@code &name}) of one YAML document and the copies its aliases ({@code *name}) make.
 * An alias takes a deep copy of the value anchored last under its name before it, so no two parts
 * of a definition share a mutable tree. Copies are bounded: an alias of an alias multiplies its
 * size, and a few lines could otherwise ask for billions of values.
 */
final class Anchors {
    /** The most values all aliases of one document may copy, counting every nested value. */
    static final int MAX_COPIED_VALUES = 100_000;
    /** The most aliases one document may use. */
    static final int MAX_USES = 10_000;

    /** What an alias would copy, measured once when its anchor is complete. */
    private record Anchored(Object value, long size, int height) {}

    /** Why an alias cannot be resolved; {@code fatal} means reading should stop expanding aliases. */
    record Refusal(String message, boolean fatal) {}

    private final Map<String, Anchored> anchored = new HashMap<>();
    private long copied;
    private int uses;

    /** Records {@code value} under {@code name}; a later anchor of the same name replaces it, as in YAML. */
    void define(String name, Object value) {
        anchored.put(name, new Anchored(value, size(value), height(value)));
    }

    /**
     * A copy of the value anchored as {@code name}, for an alias {@code depth} levels down.
     *
     * @return the copy, or a {@link Refusal}
     */
    Object resolve(String name, int depth, int maxDepth) {
        Anchored a = anchored.get(name);
        if (a == null) {
            return new Refusal("unknown alias '*" + name + "': no anchor '&" + name + "' is defined before it", false);
        }
        if (++uses > MAX_USES) {
            return new Refusal("more than " + MAX_USES + " aliases", true);
        }
        if (depth + a.height() > maxDepth) {
            return new Refusal("nested more than " + maxDepth + " levels deep", true);
        }
        if (copied + a.size() > MAX_COPIED_VALUES) {
            return new Refusal("aliases expand to more than " + MAX_COPIED_VALUES
                    + " values (an alias of an alias multiplies its size)", true);
        }
        copied += a.size();
        return copy(a.value());
    }

    private static Object copy(Object value) {
        return switch (value) {
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put((String) k, copy(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(copy(v)));
                yield out;
            }
            // Strings, numbers, booleans and null are immutable.
            case null, default -> value;
        };
    }

    private static long size(Object value) {
        return switch (value) {
            case Map<?, ?> m -> 1 + m.values().stream().mapToLong(Anchors::size).sum();
            case List<?> l -> 1 + l.stream().mapToLong(Anchors::size).sum();
            case null, default -> 1;
        };
    }

    private static int height(Object value) {
        return switch (value) {
            case Map<?, ?> m -> 1 + m.values().stream().mapToInt(Anchors::height).max().orElse(0);
            case List<?> l -> 1 + l.stream().mapToInt(Anchors::height).max().orElse(0);
            case null, default -> 0;
        };
    }
}
