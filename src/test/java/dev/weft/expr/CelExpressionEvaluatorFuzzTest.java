package dev.weft.expr;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The evaluator on arbitrary templates and arbitrary JSON contexts: it returns a JSON tree within
 * its size bound or throws {@link ExpressionException}, never anything else. An input is a
 * template, optionally followed by a NUL byte and the context as JSON (an object's fields are the
 * roots; any other value is {@code input}); a template that is a JSON object or list is resolved
 * as a template tree.
 *
 * <p>A normal build replays the inputs kept in {@code CelExpressionEvaluatorFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes (see README, "Fuzzing").
 */
class CelExpressionEvaluatorFuzzTest {
    private static final long MAX_RESULT_BYTES = 64 * 1024;
    private static final CelExpressionEvaluator EVALUATOR = new CelExpressionEvaluator(MAX_RESULT_BYTES, 1_000);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Replays must not hang; when fuzzing, libFuzzer's -timeout watches every input instead. */
    private static final Duration REPLAY_LIMIT = Duration.ofSeconds(30);
    private static final Map<String, Object> DEFAULT_CONTEXT = Map.of(
            "input", Map.of("price", 10L, "ratio", 0.5, "name", "Ada", "tags", List.of("a", "b"),
                    "nested", Map.of("k", List.of(1L, 2.5, "x"))),
            "steps", Map.of("search", Map.of("output", Map.of("hits", List.of("a", "b", "c"), "n", 3L),
                    "status", "completed", "attempt", 1L)),
            "execution", Map.of("id", "ex-1", "workflow", "w", "version", 1L));

    @DictionaryEntries({"{{ ", " }}", "\u0000{\"input\": ", "input.", "steps.search.output.", "execution.id",
            ".map(x, ", ".filter(x, ", ".all(x, ", ".exists(x, ", "has(", "size(", "int(", "double(", "string(",
            "uint(", "bytes(", "dyn(", "type(", "timestamp(", "duration(", ".matches(", " ? ", " : ", " in ", " % ",
            " / ", " * ", " + ", " - ", " == ", " != ", " < ", " >= ", " && ", " || ", "!", "1.5", "10", "0", "-1",
            "1e308", "9223372036854775807", "18446744073709551615u", "'x'", "\"\"\"", "b'", "r'", "null", "true",
            "[1, 2.5, 'a']", "{'k': 1}", ".?k", "[?0]"})
    @FuzzTest(maxDuration = "10m")
    void resolvesToABoundedJsonTreeOrRefuses(byte[] data) {
        if (System.getenv("JAZZER_FUZZ") == null) {
            assertTimeoutPreemptively(REPLAY_LIMIT, () -> check(data));
        } else {
            check(data);
        }
    }

    private static void check(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        Object template = template(nul < 0 ? text : text.substring(0, nul));
        Map<String, Object> context = nul < 0 ? DEFAULT_CONTEXT : context(text.substring(nul + 1));
        for (TemplateExpression e : expressionsOrNone(template)) {
            checksOrRefuses(e.expression());
        }
        Object result;
        try {
            result = EVALUATOR.resolve(template, context);
        } catch (ExpressionException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        // Literal numbers in a template tree pass through as written; expression results are JSON numbers.
        assertIsJsonTree(result, template instanceof String);
        // Literal text in a template tree is not the expressions' output; only that is bounded.
        long literal = template instanceof String ? 0 : bytes(template);
        assertThat(bytes(result)).as("JSON size of the result").isLessThanOrEqualTo(MAX_RESULT_BYTES + literal);
    }

    private static Object template(String text) {
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return asDefinitionTree(JSON.readValue(text, Object.class));
            } catch (JsonProcessingException notJson) {
                return text;
            }
        }
        return text;
    }

    /** Numbers as a parsed definition holds them (Long or Double), as templates come from definitions. */
    private static Object asDefinitionTree(Object value) {
        return switch (value) {
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put((String) k, asDefinitionTree(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(CelExpressionEvaluatorFuzzTest::asDefinitionTree)
                    .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
            case Integer i -> i.longValue();
            case Number n when !(n instanceof Long) -> n.doubleValue();
            case null, default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(String json) {
        Object value;
        try {
            value = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException notJson) {
            return DEFAULT_CONTEXT;
        }
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("input", value);
        return context;
    }

    private static List<TemplateExpression> expressionsOrNone(Object template) {
        try {
            return CelExpressionEvaluator.expressions(template);
        } catch (ExpressionException refused) {
            return List.of();
        }
    }

    private static void checksOrRefuses(String expression) {
        try {
            CelExpressionEvaluator.check(expression);
            CelExpressionEvaluator.referencedSteps(expression);
        } catch (ExpressionException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            CelExpressionEvaluator.referencedStepsInSyntax(expression);
        } catch (ExpressionException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /** The kinds a JSON tree holds; with {@code jsonNumbers}, whole numbers within ±2^53 are integers. */
    private static void assertIsJsonTree(Object value, boolean jsonNumbers) {
        switch (value) {
            case null -> { }
            case String s -> { }
            case Boolean b -> { }
            case Long l -> { }
            case Double d -> {
                assertThat(Double.isFinite(d)).as("finite: %s", d).isTrue();
                if (jsonNumbers) assertThat(d == Math.rint(d) && Math.abs(d) <= 0x1p53).as("whole: %s", d).isFalse();
            }
            case Map<?, ?> m -> m.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertIsJsonTree(v, jsonNumbers);
            });
            case List<?> l -> l.forEach(v -> assertIsJsonTree(v, jsonNumbers));
            default -> throw new AssertionError("not a JSON value: " + value.getClass().getName());
        }
    }

    private static long bytes(Object json) {
        try {
            return JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new AssertionError("not writable as JSON", e);
        }
    }
}
