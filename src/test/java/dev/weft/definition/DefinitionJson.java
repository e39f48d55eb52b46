package dev.weft.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a parsed definition back as DSL text (JSON, which the parser reads as YAML), with every
 * field explicit, so that a test can check that parsing it again gives the same definition.
 * Durations are written in ISO-8601, which keeps sub-millisecond parts.
 */
final class DefinitionJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setCharacterEscapes(new YamlUnprintables());
    }

    /**
     * YAML refuses some characters raw that it accepts escaped (DEL, C1 controls but NEL, U+FFFE,
     * U+FFFF); everything else stays raw, so keys stay as short as written (YAML allows an
     * implicit key 1,024 characters).
     */
    private static final class YamlUnprintables extends CharacterEscapes {
        private final int[] ascii;

        YamlUnprintables() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean unprintable = (ch >= 0x80 && ch <= 0x9F && ch != 0x85) || ch == 0xFFFE || ch == 0xFFFF;
            return unprintable ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** The longest key YAML reads in a flow mapping such as JSON's. */
    static final int MAX_YAML_KEY = 1024;

    /** Whether every object key of the definition's JSON form is within {@link #MAX_YAML_KEY} characters. */
    static boolean keysFitYaml(WorkflowDefinition d) {
        List<Object> trees = new ArrayList<>();
        trees.add(d.inputSchema());
        trees.add(d.output());
        d.steps().forEach(s -> trees.add(s.input()));
        return trees.stream().allMatch(DefinitionJson::keysFit);
    }

    private static boolean keysFit(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (written(e.getKey()).length() - 2 > MAX_YAML_KEY || !keysFit(e.getValue())) return false;
            }
        } else if (tree instanceof List<?> l) {
            for (Object v : l) if (!keysFit(v)) return false;
        }
        return true;
    }

    private static String written(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed definition is always a JSON tree", e);
        }
    }

    private DefinitionJson() {}

    static String write(WorkflowDefinition d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", d.name());
        root.put("description", d.description());
        if (d.inputSchema() != null) root.put("input", d.inputSchema());
        root.put("limits", Map.of("timeout", d.limits().timeout().toString(),
                "max_parallel", d.limits().maxParallel(), "max_tasks", d.limits().maxTasks()));
        List<Object> steps = new ArrayList<>();
        for (StepDefinition s : d.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("agent", s.agent());
            if (s.input() != null) step.put("input", s.input());
            step.put("depends_on", s.dependsOn());
            step.put("timeout", s.timeout().toString());
            RetryPolicy r = s.retry();
            step.put("retry", Map.of("max_attempts", r.maxAttempts(), "backoff", lower(r.backoff()),
                    "initial_interval", r.initialInterval().toString(), "max_interval", r.maxInterval().toString(),
                    "multiplier", r.multiplier()));
            step.put("on_error", lower(s.onError()));
            steps.add(step);
        }
        root.put("steps", steps);
        if (d.output() != null) root.put("output", d.output());
        return written(root);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
