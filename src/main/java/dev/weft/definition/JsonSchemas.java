package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
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
 * Regular expressions run on {@link LinearTimeRegex}.
 */
final class JsonSchemas {
    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** The meta-schema ships inside the networknt jar, so this does not touch the network. */
    private static final JsonSchema META = FACTORY.getSchema(SchemaLocation.of(DRAFT_2020_12));

    /** Exposed so tests can check the published DSL schema against the meta-schema. */
    static final JsonSchema META_FOR_TESTS = META;
    /**
     * For the schemas tenants write (the meta-schema's own patterns are trusted): what the factory
     * uses by default (error paths like {@code $.a.b}, the {@code message} and {@code nullable}
     * keywords), with linear-time regular expressions.
     */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.DEFAULT)
            .errorMessageKeyword("message")
            .nullableKeywordEnabled(true)
            .regularExpressionFactory(LinearTimeRegex.INSTANCE)
            .build();

    private JsonSchemas() {}

    /**
     * Why {@code schema} is not a usable input schema; empty when it is.
     *
     * @param compile whether to compile it too; a stored schema that an earlier release compiled
     *                may use regular expressions this one does not run, which only its inputs' checks report
     */
    static List<String> problems(Map<String, Object> schema, boolean compile) {
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
        if (!out.isEmpty() || !compile) return out;
        try {
            compile(schema);
        } catch (RuntimeException e) {
            out.add("JSON Schema does not compile: " + reason(e));
        }
        return out;
    }

    static JsonSchema compile(Map<String, Object> schema) {
        JsonSchema compiled = FACTORY.getSchema(MAPPER.<JsonNode>valueToTree(schema), CONFIG);
        compiled.initializeValidators(); // resolves $refs now, so bad ones fail here and not per input
        return compiled;
    }

    /** The message of an unsupported pattern, which networknt wraps; else the exception's own. */
    static String reason(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LinearTimeRegex.UnsupportedPattern) return t.getMessage();
        }
        return e.getMessage();
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
