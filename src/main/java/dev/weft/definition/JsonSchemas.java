package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (draft 2020-12) support on networknt. Only local references ({@code #...}) are
 * allowed: a definition must not make the server fetch URLs, and must mean the same forever.
 */
final class JsonSchemas {
    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** The meta-schema ships inside the networknt jar, so this does not touch the network. */
    private static final JsonSchema META = FACTORY.getSchema(SchemaLocation.of(DRAFT_2020_12));

    /** Exposed so tests can check the published DSL schema against the meta-schema. */
    static final JsonSchema META_FOR_TESTS = META;

    private JsonSchemas() {}

    /** Why {@code schema} is not a usable input schema; empty when it is. */
    static List<String> problems(Map<String, Object> schema) {
        List<String> out = new ArrayList<>();
        Object declared = schema.get("$schema");
        if (declared != null && !DRAFT_2020_12.equals(declared) && !(DRAFT_2020_12 + "#").equals(declared)) {
            out.add("only JSON Schema draft 2020-12 is supported, but $schema is " + Problems.describe(declared));
            return out;
        }
        remoteRefs(schema, "", out);
        if (!out.isEmpty()) return out;
        JsonNode node = MAPPER.valueToTree(schema);
        for (ValidationMessage m : sorted(META.validate(node))) {
            out.add("not a valid JSON Schema: " + m.getMessage());
        }
        if (!out.isEmpty()) return out;
        try {
            compile(schema);
        } catch (RuntimeException e) {
            out.add("JSON Schema does not compile: " + e.getMessage());
        }
        return out;
    }

    static JsonSchema compile(Map<String, Object> schema) {
        JsonSchema compiled = FACTORY.getSchema(MAPPER.<JsonNode>valueToTree(schema));
        compiled.initializeValidators(); // resolves $refs now, so bad ones fail here and not per input
        return compiled;
    }

    static List<ValidationMessage> sorted(Set<ValidationMessage> messages) {
        return messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .toList();
    }

    private static void remoteRefs(Object node, String path, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (("$ref".equals(k) || "$dynamicRef".equals(k)) && !(v instanceof String s && s.startsWith("#"))) {
                    out.add("only local references like '#/$defs/x' are allowed, but " + Problems.join(path, (String) k)
                            + " is " + Problems.describe(v));
                } else {
                    remoteRefs(v, Problems.join(path, String.valueOf(k)), out);
                }
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) remoteRefs(l.get(i), path + "[" + i + "]", out);
        }
    }
}
