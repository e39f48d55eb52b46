package dev.weft.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
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
    /** ASCII only: YAML refuses some characters raw (U+FFFE) that it accepts escaped. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

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
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed definition is always a JSON tree", e);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
