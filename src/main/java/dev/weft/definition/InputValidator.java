package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a start input against a definition's input JSON Schema. Compiled schemas are cached per
 * definition (name, version and the schema itself, so unregistered version-0 drafts stay correct).
 * Thread-safe.
 */
public final class InputValidator {
    private static final int MAX_CACHED = 1_000;

    private record Key(String name, int version, Map<String, Object> schema) {}

    private final ConcurrentHashMap<Key, JsonSchema> cache = new ConcurrentHashMap<>();

    /**
     * @param input the start input as a JSON tree
     * @return one message per problem, naming the field ({@code input.topic: required property
     *         missing}); empty when the input is valid or the definition has no input schema
     */
    public List<String> validate(WorkflowDefinition definition, Object input) {
        if (definition.inputSchema() == null) return List.of();
        JsonSchema schema;
        try {
            schema = schemaFor(definition);
        } catch (RuntimeException e) {
            // Only a stored version can get here: registration compiles the schema.
            return List.of("input: the workflow's input schema cannot check inputs: " + JsonSchemas.reason(e));
        }
        JsonNode node = JsonSchemas.MAPPER.valueToTree(input);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : JsonSchemas.sorted(schema.validate(node))) {
            out.add(format(m, "input"));
        }
        out.sort(null); // by field, so callers and tests see a stable order
        return out;
    }

    int cachedSchemas() {
        return cache.size();
    }

    private JsonSchema schemaFor(WorkflowDefinition definition) {
        Key key = new Key(definition.name(), definition.version(), definition.inputSchema());
        JsonSchema cached = cache.get(key);
        if (cached != null) return cached;
        if (cache.size() >= MAX_CACHED) cache.clear();
        return cache.computeIfAbsent(key, k -> JsonSchemas.compile(k.schema()));
    }

    /** "$.a.b" → "input.a.b"; a missing required property is named as the field itself. */
    static String format(ValidationMessage m, String root) {
        String location = m.getInstanceLocation().toString();
        String path = root + (location.startsWith("$") ? location.substring(1) : location);
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            return Problems.join(path, m.getProperty()) + ": required property missing";
        }
        String text = m.getMessage();
        if (text.startsWith(location + ": ")) text = text.substring(location.length() + 2);
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return Problems.join(path, m.getProperty()) + ": " + text;
        }
        return path + ": " + text;
    }
}
