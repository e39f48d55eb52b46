package dev.weft.expr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CelExpressionEvaluatorTest {
    private final CelExpressionEvaluator evaluator = new CelExpressionEvaluator();

    private static Map<String, Object> context() {
        Map<String, Object> hits = new LinkedHashMap<>();
        hits.put("hits", List.of("a", "b", "c"));
        hits.put("n", 2L);
        hits.put("none", null);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("topic", "cel");
        input.put("name", "Ada");
        input.put("ratio", 0.5);
        return Map.of("input", input, "steps", Map.of("search", Map.of("output", hits)),
                "execution", Map.of("id", "ex-1"));
    }

    @Test
    void singleExpressionYieldsTypedValue() {
        assertThat(evaluator.resolve("{{ steps.search.output.hits }}", context())).isEqualTo(List.of("a", "b", "c"));
        assertThat(evaluator.resolve("  {{ steps.search.output.n + 1 }} ", context())).isEqualTo(3L);
        assertThat(evaluator.resolve("{{ size(steps.search.output.hits) > 2 }}", context())).isEqualTo(true);
        assertThat(evaluator.resolve("{{ input.ratio * 3.0 }}", context())).isEqualTo(1.5);
        assertThat(evaluator.resolve("{{ input.ratio * 2.0 }}", context())).isEqualTo(1L);
        assertThat(evaluator.resolve("{{ steps.search.output.none }}", context())).isNull();
        assertThat(evaluator.resolve("{{ {'k': [1, 'x', null]} }}", context()))
                .isEqualTo(Map.of("k", Arrays.asList(1L, "x", null)));
        assertThat(evaluator.resolve("{{ steps.search.output }}", context()))
                .isInstanceOf(LinkedHashMap.class);
    }

    @Test
    void mixedTextInterpolatesValuesAsText() {
        assertThat(evaluator.resolve("about {{ input.topic }}: {{ steps.search.output.hits }} n={{ steps.search.output.n }}"
                        + " r={{ input.ratio }} ok={{ true }} none=[{{ steps.search.output.none }}]", context()))
                .isEqualTo("about cel: [\"a\",\"b\",\"c\"] n=2 r=0.5 ok=true none=[]");
        assertThat(evaluator.resolve("{{ input.name + \"!\" }}", context())).isEqualTo("Ada!");
    }

    @Test
    void resolvesNestedTreesAndPassesOtherValuesThrough() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("{{ not.templated }}", List.of("{{ input.topic }}", 5L, true));
        template.put("nested", Map.of("q", "q={{ input.topic }}"));
        template.put("plain", "no template");
        template.put("nothing", null);
        Object resolved = evaluator.resolve(template, context());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("{{ not.templated }}", List.of("cel", 5L, true));
        expected.put("nested", Map.of("q", "q=cel"));
        expected.put("plain", "no template");
        expected.put("nothing", null);
        assertThat(resolved).isEqualTo(expected);
        assertThat(((Map<?, ?>) resolved).keySet().toString()).isEqualTo("[{{ not.templated }}, nested, plain, nothing]");
        assertThat(evaluator.resolve(42L, context())).isEqualTo(42L);
    }

    @Test
    void hasMacroAndComprehensionsWork() {
        assertThat(evaluator.resolve("{{ has(input.x) ? input.x : 'd' }}", context())).isEqualTo("d");
        assertThat(evaluator.resolve("{{ steps.search.output.hits.map(h, h + h) }}", context()))
                .isEqualTo(List.of("aa", "bb", "cc"));
    }

    @Test
    void missingKeyNamesExpressionAndKey() {
        assertThatThrownBy(() -> evaluator.resolve("{{ steps.search.output.hitz }}", context()))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression 'steps.search.output.hitz' failed: no such key: hitz");
    }

    @Test
    void typeErrorsAndSyntaxErrorsAreExpressionExceptions() {
        assertThatThrownBy(() -> evaluator.resolve("{{ input.topic + 1 }}", context()))
                .isInstanceOf(ExpressionException.class).hasMessageStartingWith("expression 'input.topic + 1' failed: ");
        assertThatThrownBy(() -> evaluator.resolve("{{ input. ( }}", context()))
                .isInstanceOf(ExpressionException.class).hasMessageStartingWith("expression 'input. (' is invalid: ");
        assertThatThrownBy(() -> evaluator.resolve("x {{ input.topic", context()))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> evaluator.resolve("{{ 1e308 * 10.0 }}", context()))
                .hasMessageContaining("not representable in JSON");
    }

    @Test
    void acceptsExtraRootsInTheContext() {
        Map<String, Object> ctx = new HashMap<>(context());
        ctx.put("item", 7L);
        assertThat(evaluator.resolve("{{ item * 2 }}", ctx)).isEqualTo(14L);
    }

    @Test
    void convertsOtherNumericTypesAndUnsignedResults() {
        assertThat(evaluator.resolve("{{ input.i + 1 }}", Map.of("input", Map.of("i", 41)))).isEqualTo(42L);
        assertThat(evaluator.resolve("{{ 7u }}", Map.of())).isEqualTo(7L);
        assertThat(evaluator.resolve("{{ b'hi' }}", Map.of())).isEqualTo("aGk=");
    }

    @Test
    void rejectsResultsOverTheSizeLimit() {
        CelExpressionEvaluator small = new CelExpressionEvaluator(100, 10);
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 50; i++) big.add("item-" + i);
        assertThatThrownBy(() -> small.resolve("{{ input.big }}", Map.of("input", Map.of("big", big))))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression 'input.big' failed: result exceeds 100 bytes of JSON");
        assertThat(small.resolve("{{ input.big[0] }}", Map.of("input", Map.of("big", big)))).isEqualTo("item-0");
    }

    @Test
    void theSizeLimitCountsJsonBytes() {
        // 40 two-byte characters and their quotes are 82 bytes of JSON, not 42; 39 are 80.
        CelExpressionEvaluator small = new CelExpressionEvaluator(80, 10);
        Map<String, Object> context = Map.of("input", Map.of("s40", "\u00e9".repeat(40), "s39", "\u00e9".repeat(39),
                "q40", "\"".repeat(40)));
        assertThatThrownBy(() -> small.resolve("{{ input.s40 }}", context))
                .hasMessage("expression 'input.s40' failed: result exceeds 80 bytes of JSON");
        assertThatThrownBy(() -> small.resolve("{{ input.q40 }}", context))
                .hasMessage("expression 'input.q40' failed: result exceeds 80 bytes of JSON");
        assertThat(small.resolve("{{ input.s39 }}", context)).isEqualTo("\u00e9".repeat(39));
        assertThatThrownBy(() -> small.resolve("x{{ input.s39 }}", context))
                .hasMessage("template 'x{{ input.s39 }}' failed: result exceeds 80 bytes");
    }

    @Test
    void doublingPastTheConcatenationCapFails() {
        // Each level doubles the string; 25 levels would need 32 M characters.
        String expr = "'ab'";
        for (int i = 0; i < 25; i++) expr = "[" + expr + "].map(s, s + s)[0]";
        String template = "{{ " + expr + " }}";
        assertThatThrownBy(() -> evaluator.resolve(template, Map.of()))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("string concatenation exceeds");
    }

    @Test
    void comprehensionsAreBounded() {
        assertThatThrownBy(() -> evaluator.resolve(
                "{{ [1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, "
                        + "[1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, a))))) }}", Map.of()))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("budget");
    }

    @Test
    void rejectsOverlongExpressions() {
        String expr = "1" + " + 1".repeat(600);
        assertThatThrownBy(() -> CelExpressionEvaluator.check(expr))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("longer than 2000 characters");
    }

    @Test
    void cachesCompiledPrograms() {
        for (int i = 0; i < 100; i++) evaluator.resolve("{{ input.topic }} {{ input.name }}", context());
        assertThat(evaluator.cachedPrograms()).isEqualTo(2);
        CelExpressionEvaluator tiny = new CelExpressionEvaluator(1 << 20, 3);
        for (int i = 0; i < 10; i++) tiny.resolve("{{ " + i + " }}", Map.of());
        assertThat(tiny.cachedPrograms()).isLessThanOrEqualTo(3);
    }

    @Test
    void simpleEvaluationIsFast() {
        Map<String, Object> ctx = context();
        for (int i = 0; i < 20_000; i++) evaluator.resolve("{{ input.topic }}", ctx);
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) evaluator.resolve("{{ input.topic }}", ctx);
        long perCallMicros = (System.nanoTime() - start) / 20_000 / 1_000;
        // Generous bound so slow CI machines pass; compiling each time would take ~100x longer.
        assertThat(perCallMicros).isLessThan(50);
    }

    @Test
    void checkValidatesSyntaxAndRoots() {
        CelExpressionEvaluator.check("steps.a.output.n + 1");
        assertThatThrownBy(() -> CelExpressionEvaluator.check("imput.topic"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("undeclared reference to 'imput'");
    }

    @Test
    void listsExpressionsWithPaths() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("query", "{{ input.topic }}");
        tree.put("docs", List.of("x", Map.of("t", "{{ steps.a.output }} and {{ steps.b.output }}")));
        assertThat(CelExpressionEvaluator.expressions(tree)).containsExactly(
                new TemplateExpression("query", "input.topic"),
                new TemplateExpression("docs[1].t", "steps.a.output"),
                new TemplateExpression("docs[1].t", "steps.b.output"));
        assertThat(CelExpressionEvaluator.expressions("{{ 1 }}")).containsExactly(new TemplateExpression("", "1"));
    }

    @Test
    void findsReferencedStepsOnTheSyntaxTree() {
        assertThat(CelExpressionEvaluator.referencedSteps(
                "steps.a.output.n + size(steps['b'].output) + (has(steps.c.output) ? 1 : 0) + size('steps.d')"))
                .containsExactly("a", "b", "c");
        assertThat(CelExpressionEvaluator.referencedSteps("input.steps.x")).isEmpty();
    }
}
