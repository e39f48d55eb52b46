package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** YAML anchors ({@code &x}), aliases ({@code *x}) and merge keys ({@code <<: *x}) in definitions. */
class YamlAnchorsTest {
    private final DefinitionParser parser = new DefinitionParser();

    private List<DefinitionError> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(WorkflowDefinition d, String step) {
        return (Map<String, Object>) d.step(step).orElseThrow().input();
    }

    @Test
    void aliasOfAScalarTakesItsValue() {
        WorkflowDefinition d = parser.parse("""
                name: scalars
                steps:
                  - id: a
                    agent: echo
                    timeout: &t 30s
                    input: { limit: &n 5, ratio: &r 0.5, label: &l "x {{ input.q }}", on: &b true, none: &z null }
                  - id: b
                    agent: echo
                    timeout: *t
                    input: { limit: *n, ratio: *r, label: *l, on: *b, none: *z }
                """);
        assertThat(d.step("b").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(input(d, "b")).isEqualTo(input(d, "a"))
                .containsEntry("limit", 5L).containsEntry("ratio", 0.5).containsEntry("label", "x {{ input.q }}")
                .containsEntry("on", true).containsEntry("none", null);
    }

    @Test
    void aliasOfAnObjectIsADeepCopy() {
        WorkflowDefinition d = parser.parse("""
                name: objects
                steps:
                  - id: a
                    agent: echo
                    retry: &retry { max_attempts: 5, backoff: linear }
                    input: &in
                      query: "{{ input.topic }}"
                      nested: { k: [1, { deep: 2.5 }] }
                  - id: b
                    agent: echo
                    retry: *retry
                    input: *in
                """);
        assertThat(d.step("b").orElseThrow().retry()).isEqualTo(d.step("a").orElseThrow().retry())
                .extracting(RetryPolicy::maxAttempts).isEqualTo(5);
        Map<String, Object> a = input(d, "a");
        Map<String, Object> b = input(d, "b");
        assertThat(b).isEqualTo(a).isEqualTo(Map.of("query", "{{ input.topic }}",
                "nested", Map.of("k", List.of(1L, Map.of("deep", 2.5)))));
        assertThat(b).isNotSameAs(a);
        assertThat(b.get("nested")).isNotSameAs(a.get("nested"));
    }

    @Test
    void aliasOfAListIsReusedInTwoSteps() {
        WorkflowDefinition d = parser.parse("""
                name: lists
                steps:
                  - { id: x, agent: echo }
                  - { id: y, agent: echo }
                  - id: a
                    agent: echo
                    depends_on: &deps [x, y]
                    input: { tags: &tags [red, { shade: dark }] }
                  - id: b
                    agent: echo
                    depends_on: *deps
                    input: { tags: *tags, again: *tags }
                """);
        assertThat(d.step("b").orElseThrow().dependsOn()).containsExactly("x", "y");
        assertThat(input(d, "b").get("tags")).isEqualTo(List.of("red", Map.of("shade", "dark")))
                .isEqualTo(input(d, "a").get("tags"))
                .isNotSameAs(input(d, "b").get("again"));
    }

    @Test
    void mergeKeysCopyFieldsThatTheMappingDoesNotSetItself() {
        WorkflowDefinition d = parser.parse("""
                name: merges
                steps:
                  - id: a
                    agent: echo
                    input: &base { model: small, temperature: 0.2, stop: [".", "!"] }
                  - id: b
                    agent: echo
                    input:
                      temperature: 0.9
                      <<: *base
                      extra: 1
                  - id: c
                    agent: echo
                    input:
                      <<: [{ model: first }, *base]
                """);
        assertThat(input(d, "b")).isEqualTo(Map.of("model", "small", "temperature", 0.9, "stop", List.of(".", "!"),
                "extra", 1L));
        assertThat(input(d, "c")).containsEntry("model", "first").containsEntry("temperature", 0.2);
    }

    @Test
    void mergeKeysWorkForStepFields() {
        WorkflowDefinition d = parser.parse("""
                name: step-defaults
                steps:
                  - &defaults { id: a, agent: echo, timeout: 10s, retry: { max_attempts: 1 } }
                  - <<: *defaults
                    id: b
                """);
        assertThat(d.step("b").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.step("b").orElseThrow().retry().maxAttempts()).isEqualTo(1);
    }

    @Test
    void aQuotedMergeKeyIsAnOrdinaryKey() {
        WorkflowDefinition d = parser.parse("""
                {"name": "quoted", "steps": [{"id": "a", "agent": "echo", "input": {"<<": "literal"}}]}
                """);
        assertThat(input(d, "a")).containsEntry("<<", "literal");
    }

    @Test
    void aMergeKeyThatIsNotAnObjectIsAnErrorWithTheLine() {
        assertThat(errors("""
                name: m
                steps:
                  - id: a
                    agent: echo
                    input: { n: &n 1 }
                  - id: b
                    agent: echo
                    input:
                      <<: *n
                """)).containsExactly(new DefinitionError("steps[1](b).input.<<", 9,
                "a merge key '<<' takes an object or a list of objects (like <<: *defaults), but got 1"));
    }

    @Test
    void unknownAliasIsAnErrorWithTheLine() {
        assertThat(errors("""
                name: u
                steps:
                  - id: a
                    agent: echo
                    input:
                      copy: *nowhere
                """)).containsExactly(new DefinitionError("steps[0](a).input.copy", 6,
                "unknown alias '*nowhere': no anchor '&nowhere' is defined before it"));
    }

    @Test
    void anAliasInsideItsOwnAnchorIsUnknown() {
        assertThat(errors("""
                name: r
                steps:
                  - id: a
                    agent: echo
                    input: &loop { self: *loop }
                """)).extracting(DefinitionError::path, DefinitionError::line, DefinitionError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("steps[0](a).input.self", 5,
                        "unknown alias '*loop': no anchor '&loop' is defined before it"));
    }

    @Test
    void aliasBombIsRefusedQuicklyWithTheLineAndPath() {
        // Each level holds ten aliases of the previous one: level g alone would be 10^7 values.
        String yaml = """
                name: bomb
                steps:
                  - id: a
                    agent: echo
                    input:
                      l0: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
                      l1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                      l2: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                      l3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
                      l4: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
                      l5: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
                      l6: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
                """;
        List<DefinitionError> errors = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> errors(yaml));
        // Copies so far: 110 (l1) + 1,110 (l2) + 11,110 (l3) = 12,330; each alias in l4 adds 11,111,
        // so the eighth one passes 100,000.
        assertThat(errors).containsExactly(new DefinitionError("steps[0](a).input.l4[7]", 10,
                "aliases expand to more than " + Anchors.MAX_COPIED_VALUES
                        + " values (an alias of an alias multiplies its size)"));
    }

    @Test
    void tooManyAliasesAreRefusedWithTheLine() {
        StringBuilder yaml = new StringBuilder("name: many\nsteps:\n  - id: a\n    agent: echo\n    input:\n      n: &n 1\n");
        for (int i = 0; i <= Anchors.MAX_USES; i++) yaml.append("      k").append(i).append(": *n\n");
        assertThatThrownBy(() -> parser.parse(yaml.toString())).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("line " + (7 + Anchors.MAX_USES) + ": steps[0](a).input.k"
                        + Anchors.MAX_USES + ": more than " + Anchors.MAX_USES + " aliases");
    }

    @Test
    void anAliasMayNotNestPastTheDepthLimit() {
        // The anchored value is 40 levels high; the alias sits 30 levels down, so its copy would reach 70.
        String deep = "[".repeat(40) + "1" + "]".repeat(40);
        List<DefinitionError> errors = errors("name: d\nsteps:\n  - id: a\n    agent: echo\n    input:\n"
                + "      x: &deep " + deep + "\n      y: " + "[".repeat(26) + "*deep" + "]".repeat(26) + "\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).isEqualTo("nested more than 64 levels deep");
        });
    }

    @Test
    void errorsInsideAnAliasedValuePointAtTheAlias() {
        assertThat(errors("""
                name: e
                steps:
                  - id: a
                    agent: echo
                    retry: &r { max_attempts: 2 }
                  - id: b
                    agent: echo
                    retry: &bad { max_attempts: 99 }
                  - id: c
                    agent: echo
                    retry: *bad
                """)).extracting(DefinitionError::toString).containsExactly(
                "line 8: steps[1](b).retry.max_attempts: must be between 1 and 20, but got 99",
                "line 11: steps[2](c).retry.max_attempts: must be between 1 and 20, but got 99");
    }
}
