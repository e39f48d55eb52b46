package dev.weft.api.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Between protobuf's JSON-like values and the engine's plain JSON trees. Protobuf numbers are
 * doubles; integral ones become Long so that {@code 5} stays {@code 5} in templates and output.
 */
public final class ValueMapper {
    private ValueMapper() {
    }

    public static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }

    public static Object toJava(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case NUMBER_VALUE -> {
                double d = v.getNumberValue();
                yield d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? (Object) (long) d : (Object) d;
            }
            case STRUCT_VALUE -> toMap(v.getStructValue());
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>();
                v.getListValue().getValuesList().forEach(x -> list.add(toJava(x)));
                yield list;
            }
        };
    }

    public static Value toValue(Object o) {
        Value.Builder b = Value.newBuilder();
        switch (o) {
            case null -> b.setNullValue(NullValue.NULL_VALUE);
            case Boolean x -> b.setBoolValue(x);
            case Number x -> b.setNumberValue(x.doubleValue());
            case String x -> b.setStringValue(x);
            case Map<?, ?> m -> b.setStructValue(toStruct(m));
            case List<?> l -> {
                ListValue.Builder lb = ListValue.newBuilder();
                l.forEach(x -> lb.addValues(toValue(x)));
                b.setListValue(lb);
            }
            default -> b.setStringValue(String.valueOf(o));
        }
        return b.build();
    }

    public static Struct toStruct(Map<?, ?> map) {
        Struct.Builder sb = Struct.newBuilder();
        if (map != null) {
            map.forEach((k, v) -> sb.putFields(String.valueOf(k), toValue(v)));
        }
        return sb.build();
    }
}
