package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks values against the JSON Schemas of validate steps (draft 2020-12, linear-time patterns,
 * local references only, as for input schemas). Compiled schemas are cached; a definition's
 * schemas are immutable, so equal schemas share one compiled form. Deterministic and thread-safe.
 */
public final class ValueSchemas {
    private static final int MAX_CACHED = 1_000;

    private final ConcurrentHashMap<Map<String, Object>, JsonSchema> cache = new ConcurrentHashMap<>();

    /**
     * @param root how the value is named in the messages, e.g. {@code value}
     * @return one message per violation, naming the field ({@code value.title: required property
     *         missing}), sorted; empty when the value conforms
     * @throws IllegalArgumentException when the schema does not compile (only a stored definition can
     *                                  have one that this release does not compile)
     */
    public List<String> violations(Map<String, Object> schema, Object value, String root) {
        JsonSchema compiled;
        try {
            compiled = schemaFor(schema);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot check values: " + JsonSchemas.reason(e), e);
        }
        JsonNode node = JsonSchemas.MAPPER.valueToTree(value);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : JsonSchemas.sorted(compiled.validate(node))) {
            out.add(InputValidator.format(m, root));
        }
        out.sort(null);
        return out;
    }

    private JsonSchema schemaFor(Map<String, Object> schema) {
        JsonSchema cached = cache.get(schema);
        if (cached != null) return cached;
        if (cache.size() >= MAX_CACHED) cache.clear();
        return cache.computeIfAbsent(schema, JsonSchemas::compile);
    }
}
