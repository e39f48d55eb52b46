package dev.weft.definition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed definition as plain JSON trees, for comparing versions: records become objects keyed
 * by their components in snake_case (absent values left out, so absent and null are alike),
 * enums lower case, durations ISO-8601, and nested step lists objects keyed by step id, so that a
 * path names a step by id rather than by position.
 */
final class DefinitionTrees {
    private DefinitionTrees() {
    }

    /** The workflow's own fields, in a fixed order; name and version are what is being compared. */
    static Map<String, Object> workflowFields(WorkflowDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "description", d.description());
        put(m, "input", tree(d.inputSchema()));
        put(m, "output", tree(d.output()));
        put(m, "limits", tree(d.limits()));
        put(m, "escalation", tree(d.escalation()));
        put(m, "on_complete", tree(d.chaining().onComplete()));
        put(m, "on_failure", tree(d.chaining().onFailure()));
        return m;
    }

    /**
     * A step without its id. Its kind's fields sit under the kind's name ({@code switch.cases},
     * {@code foreach.items}), except an agent step's capability, which is plain {@code agent}
     * as the DSL writes it.
     */
    static Map<String, Object> step(StepDefinition s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : StepDefinition.class.getRecordComponents()) {
            switch (c.getName()) {
                case "id" -> { }
                case "kind" -> kind(s.kind(), m);
                default -> put(m, snake(c.getName()), tree(value(c, s)));
            }
        }
        return m;
    }

    private static void kind(StepKind kind, Map<String, Object> m) {
        if (kind instanceof StepKind.Agent a) {
            put(m, "agent", a.capability());
            if (a.literalInput()) {
                put(m, "literal_input", true);
            }
        } else {
            put(m, snake(kind.getClass().getSimpleName()), tree(kind));
        }
    }

    static Object tree(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            case Duration d -> d.toString();
            case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
            case StepDefinition s -> step(s);
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, x) -> out.put(String.valueOf(k), tree(x)));
                yield out;
            }
            case List<?> list when !list.isEmpty() && list.stream().allMatch(StepDefinition.class::isInstance) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                list.forEach(x -> out.put(((StepDefinition) x).id(), step((StepDefinition) x)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                list.forEach(x -> out.add(tree(x)));
                yield out;
            }
            case Record r -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    put(out, snake(c.getName()), tree(value(c, r)));
                }
                yield out;
            }
            default -> v.toString();
        };
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** Compact JSON text of a tree; "null" for an absent value. */
    static String json(Object v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        switch (v) {
            case null -> b.append("null");
            case String s -> quote(s, b);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    quote(String.valueOf(e.getKey()), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) b.append(',');
                    write(l.get(i), b);
                }
                b.append(']');
            }
            default -> b.append(v);
        }
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
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
