package dev.weft.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Converts between plain JSON trees and CEL values. Into CEL, maps and lists are wrapped in lazy
 * views rather than copied, so evaluating {@code steps.a.output.x} does not convert a step's whole
 * output on every call. Out of CEL, results are copied into fresh JSON trees under a size budget.
 */
public final class JsonCel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonCel() {}

    /** The largest magnitude below which every integer is exactly a double. */
    private static final double MAX_EXACT_INTEGER = 0x1p53;

    /**
     * A JSON tree value as CEL sees it: null → NullValue, whole numbers → Long (also when they
     * came as 10.0: JSON does not tell 10 from 10.0, and neither may an expression), other
     * numbers → Double.
     */
    public static Object toCel(Object value) {
        return switch (value) {
            case null -> NullValue.NULL_VALUE;
            case String s -> s;
            case Long l -> l;
            case Double d -> number(d);
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> number(f.doubleValue());
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            case BigDecimal b -> wholeLong(b) != null ? (Object) wholeLong(b) : number(b.doubleValue());
            case Map<?, ?> m -> new MapView(m);
            case List<?> l -> new ListView(l);
            default -> throw new IllegalArgumentException(
                    "unsupported value type " + value.getClass().getName() + " in context");
        };
    }

    /** {@code d} as a Long when it is a whole number that a double holds exactly, else as is. */
    static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_INTEGER ? (Object) (long) d : (Object) d;
    }

    private static Long wholeLong(BigDecimal b) {
        try {
            return b.longValueExact();
        } catch (ArithmeticException notWholeOrTooBig) {
            return null;
        }
    }

    /**
     * Tracks the JSON size of a result (UTF-8 bytes; at most 20 for an integer and 24 for another
     * number, as Jackson writes them) so huge values fail fast, before being copied.
     */
    public static final class Budget {
        private final long limit;
        private long used;

        public Budget(long limit) {
            this.limit = limit;
        }

        void spend(long bytes) {
            used += bytes;
            if (used > limit) {
                throw new IllegalArgumentException("result exceeds " + limit + " bytes of JSON");
            }
        }
    }

    /**
     * A CEL result as a JSON tree (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null);
     * whole numbers within ±2^53 are Longs whatever their type in CEL.
     */
    public static Object fromCel(Object value, Budget budget) {
        switch (value) {
            case null -> { budget.spend(4); return null; }
            case NullValue n -> { budget.spend(4); return null; }
            case com.google.protobuf.NullValue n -> { budget.spend(4); return null; }
            case String s -> { budget.spend(jsonBytes(s)); return s; }
            case Boolean b -> { budget.spend(5); return b; }
            case Long l -> { budget.spend(20); return l; }
            case Integer i -> { budget.spend(11); return i.longValue(); }
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    throw new IllegalArgumentException("result " + d + " is not representable in JSON");
                }
                // Whole numbers leave as integers, so a result prints as 6 and not 6.0.
                Object n = number(d);
                budget.spend(n instanceof Long ? 20 : 24);
                return n;
            }
            case UnsignedLong u -> {
                if (u.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) > 0) {
                    throw new IllegalArgumentException("unsigned result " + u + " exceeds the int64 range");
                }
                budget.spend(20);
                return u.longValue();
            }
            case ByteString b -> { return base64(b.toByteArray(), budget); }
            case CelByteString b -> { return base64(b.toByteArray(), budget); }
            case Timestamp t -> {
                String s = Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
                budget.spend(jsonBytes(s));
                return s;
            }
            case com.google.protobuf.Duration d -> {
                String s = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos()).toString();
                budget.spend(jsonBytes(s));
                return s;
            }
            case Map<?, ?> m -> {
                budget.spend(2);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Object key = fromCel(e.getKey(), budget);
                    budget.spend(2); // ':' and ','
                    out.put(key instanceof String s ? s : String.valueOf(key), fromCel(e.getValue(), budget));
                }
                return out;
            }
            case List<?> l -> {
                budget.spend(2);
                List<Object> out = new ArrayList<>(Math.min(l.size(), 1024));
                for (Object item : l) {
                    budget.spend(1);
                    out.add(fromCel(item, budget));
                }
                return out;
            }
            default -> throw new IllegalArgumentException(
                    "result of type " + value.getClass().getSimpleName() + " cannot be represented in JSON");
        }
    }

    private static String base64(byte[] bytes, Budget budget) {
        String s = Base64.getEncoder().encodeToString(bytes);
        budget.spend(jsonBytes(s));
        return s;
    }

    /** The size of {@code s} as a JSON string in UTF-8: quotes, escapes and multi-byte characters counted. */
    static long jsonBytes(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') n += 2;
            else if (c < 0x20) n += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            else if (c < 0x80) n += 1;
            else if (c < 0x800 || Character.isSurrogate(c)) n += 2; // a surrogate pair is 4 bytes
            else n += 3;
        }
        return n;
    }

    /** Text for interpolation: strings as-is, null as "", everything else as compact JSON. */
    public static String render(Object json) {
        return switch (json) {
            case null -> "";
            case String s -> s;
            case Long l -> l.toString();
            case Boolean b -> b.toString();
            default -> {
                try {
                    yield JSON.writeValueAsString(json);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("cannot render value as JSON: " + e.getOriginalMessage(), e);
                }
            }
        };
    }

    /** Read-only view of a JSON object whose values are converted on access. */
    private static final class MapView extends AbstractMap<Object, Object> {
        private final Map<?, ?> delegate;

        MapView(Map<?, ?> delegate) {
            this.delegate = delegate;
        }

        @Override public Object get(Object key) {
            Object v = delegate.get(key);
            return v == null && !delegate.containsKey(key) ? null : toCel(v);
        }

        @Override public boolean containsKey(Object key) { return delegate.containsKey(key); }

        @Override public int size() { return delegate.size(); }

        @Override public Set<Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override public int size() { return delegate.size(); }

                @Override public Iterator<Entry<Object, Object>> iterator() {
                    Iterator<? extends Entry<?, ?>> it = delegate.entrySet().iterator();
                    return new Iterator<>() {
                        @Override public boolean hasNext() { return it.hasNext(); }

                        @Override public Entry<Object, Object> next() {
                            Entry<?, ?> e = it.next();
                            return new SimpleImmutableEntry<>(e.getKey(), toCel(e.getValue()));
                        }
                    };
                }
            };
        }
    }

    /** Read-only view of a JSON array whose elements are converted on access. */
    private static final class ListView extends AbstractList<Object> implements RandomAccess {
        private final List<?> delegate;

        ListView(List<?> delegate) {
            this.delegate = delegate;
        }

        @Override public Object get(int index) { return toCel(delegate.get(index)); }

        @Override public int size() { return delegate.size(); }
    }
}
