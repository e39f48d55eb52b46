package dev.weft.engine;

import dev.weft.definition.StepKind.Aggregate.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The aggregate strategies over the values of completed dependencies, in depends_on order (null
 * values left out): merge (objects, shallow, a later dependency's key wins), concat (lists), sum
 * (integers stay integers, any number makes it a number; empty: 0), avg (a number; empty: null),
 * count, min and max (numbers; the element itself; empty: null).
 */
final class Aggregation {
    private Aggregation() {
    }

    /** @param name where the value came from, e.g. {@code steps.b.output.score} */
    record Input(String name, Object value) {
    }

    /** A value the strategy cannot combine; the message names it, its type and the type expected. */
    static final class WrongType extends Exception {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }

    static Object combine(Strategy strategy, List<Input> inputs) throws WrongType {
        return switch (strategy) {
            case MERGE -> merge(inputs);
            case CONCAT -> concat(inputs);
            case SUM -> sum(inputs);
            case AVG -> inputs.isEmpty() ? null : toDouble(sum(inputs)) / inputs.size();
            case COUNT -> (long) inputs.size();
            case MIN -> extreme(inputs, strategy, -1);
            case MAX -> extreme(inputs, strategy, 1);
            case EXPRESSION -> throw new IllegalArgumentException("Expected a fixed strategy, but got expression");
        };
    }

    private static Map<String, Object> merge(List<Input> inputs) throws WrongType {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Input in : inputs) {
            if (!(in.value() instanceof Map<?, ?> m)) {
                throw wrong(Strategy.MERGE, "objects", in);
            }
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static List<Object> concat(List<Input> inputs) throws WrongType {
        List<Object> out = new ArrayList<>();
        for (Input in : inputs) {
            if (!(in.value() instanceof List<?> l)) {
                throw wrong(Strategy.CONCAT, "lists", in);
            }
            out.addAll(l);
        }
        return out;
    }

    private static Number sum(List<Input> inputs) throws WrongType {
        long whole = 0;
        double real = 0;
        boolean integers = true;
        for (Input in : inputs) {
            Number n = number(Strategy.SUM, in);
            if (integers && n instanceof Long l) {
                try {
                    whole = Math.addExact(whole, l);
                } catch (ArithmeticException e) {
                    integers = false;
                    real = (double) whole + l;
                }
            } else {
                if (integers) {
                    real = whole;
                    integers = false;
                }
                real += n.doubleValue();
            }
        }
        return integers ? (Number) whole : (Number) real;
    }

    private static Object extreme(List<Input> inputs, Strategy strategy, int sign) throws WrongType {
        Number best = null;
        for (Input in : inputs) {
            Number n = number(strategy, in);
            if (best == null || sign * compare(n, best) > 0) {
                best = n;
            }
        }
        return best;
    }

    private static int compare(Number a, Number b) {
        return a instanceof Long x && b instanceof Long y ? Long.compare(x, y)
                : Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static Number number(Strategy strategy, Input in) throws WrongType {
        if (in.value() instanceof Integer i) {
            return (long) i;
        }
        if (in.value() instanceof Long || in.value() instanceof Double) {
            return (Number) in.value();
        }
        throw wrong(strategy, "numbers", in);
    }

    private static double toDouble(Number n) {
        return n.doubleValue();
    }

    private static WrongType wrong(Strategy strategy, String expected, Input in) {
        return new WrongType("strategy " + strategy.name().toLowerCase(Locale.ROOT) + " expected " + expected
                + ", but " + in.name() + " is " + Values.describe(in.value()));
    }
}
