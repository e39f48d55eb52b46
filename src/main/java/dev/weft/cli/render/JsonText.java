package dev.weft.cli.render;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Iterator;
import java.util.Map;

/**
 * A protobuf {@link Value} as compact JSON text for people. gRPC Structs carry every number as a
 * double, so a whole number (within ±2^53, where doubles are exact) is written as an integer:
 * {@code 6}, not {@code 6.0}, as the engine means it.
 */
public final class JsonText {
    private static final double EXACT = 9_007_199_254_740_992d;

    private JsonText() {
    }

    public static String of(Value v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    public static String of(Struct s) {
        StringBuilder b = new StringBuilder();
        writeStruct(s, b);
        return b.toString();
    }

    public static String number(double d) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= EXACT) {
            return Long.toString((long) d);
        }
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    private static void write(Value v, StringBuilder b) {
        switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> b.append("null");
            case NUMBER_VALUE -> b.append(number(v.getNumberValue()));
            case STRING_VALUE -> quote(v.getStringValue(), b);
            case BOOL_VALUE -> b.append(v.getBoolValue());
            case STRUCT_VALUE -> writeStruct(v.getStructValue(), b);
            case LIST_VALUE -> writeList(v.getListValue(), b);
        }
    }

    private static void writeStruct(Struct s, StringBuilder b) {
        b.append('{');
        Iterator<Map.Entry<String, Value>> it = s.getFieldsMap().entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Value> e = it.next();
            quote(e.getKey(), b);
            b.append(':');
            write(e.getValue(), b);
            if (it.hasNext()) {
                b.append(',');
            }
        }
        b.append('}');
    }

    private static void writeList(ListValue l, StringBuilder b) {
        b.append('[');
        for (int i = 0; i < l.getValuesCount(); i++) {
            if (i > 0) {
                b.append(',');
            }
            write(l.getValues(i), b);
        }
        b.append(']');
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
