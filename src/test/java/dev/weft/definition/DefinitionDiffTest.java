package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.definition.DefinitionDiff.FieldChange;
import org.junit.jupiter.api.Test;

class DefinitionDiffTest {
    private final DefinitionParser parser = new DefinitionParser();

    private DefinitionDiff diff(String from, String to) {
        return DefinitionDiff.between(parser.parse(from), parser.parse(to));
    }

    static final String BASE = """
            name: d
            steps:
              - { id: a, agent: echo, input: { q: "{{ input.q }}" } }
              - { id: b, agent: echo, depends_on: [a] }
              - { id: c, agent: echo, depends_on: [a] }
            """;

    @Test
    void identicalDefinitionsHaveNoChanges() {
        DefinitionDiff d = diff(BASE, BASE);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.text()).isEqualTo("no changes");
    }

    @Test
    void formattingKeyOrderAndSpelledOutDefaultsAreNotChanges() {
        String same = """
                name: d
                # the same definition, written differently
                steps:
                  - id: a
                    input: { q: "{{ input.q }}" }
                    agent: echo
                    timeout: 1h
                  - { agent: echo, id: b, depends_on: [a] }
                  - { id: c, agent: echo, depends_on: [a], on_error: fail }
                """;
        assertThat(diff(BASE, same).isEmpty()).isTrue();
    }

    @Test
    void addedRemovedAndChangedStepsAreReportedInDefinitionOrder() {
        String to = """
                name: d
                steps:
                  - { id: e, agent: echo }
                  - { id: a, agent: echo, input: { q: "{{ input.q }}" } }
                  - { id: b, agent: slow, depends_on: [a] }
                  - { id: d, agent: echo, depends_on: [b] }
                """;
        DefinitionDiff d = diff(BASE, to);

        assertThat(d.added()).containsExactly("e", "d");
        assertThat(d.removed()).containsExactly("c");
        assertThat(d.changed()).singleElement().satisfies(c -> {
            assertThat(c.stepId()).isEqualTo("b");
            assertThat(c.changes()).containsExactly(new FieldChange("agent", "\"echo\"", "\"slow\""));
        });
        assertThat(d.workflowChanges()).isEmpty();
        assertThat(d.text()).isEqualTo("""
                ~ step b: agent: "echo" -> "slow"
                + step e
                + step d
                - step c""");
    }

    @Test
    void aChangedValueIsReportedAtItsDeepestPathWithBothValuesAsJson() {
        String to = BASE.replace("q: \"{{ input.q }}\"", "q: \"{{ input.query }}\", n: 3")
                .replace("{ id: c, agent: echo, depends_on: [a] }",
                        "{ id: c, agent: echo, depends_on: [a, b], retry: { max_attempts: 5 }, timeout: 30s }");
        DefinitionDiff d = diff(BASE, to);

        assertThat(d.changed()).extracting(DefinitionDiff.StepChange::stepId).containsExactly("a", "c");
        assertThat(d.changed().get(0).changes()).containsExactly(
                new FieldChange("input.q", "\"{{ input.q }}\"", "\"{{ input.query }}\""),
                new FieldChange("input.n", "null", "3"));
        assertThat(d.changed().get(1).changes()).extracting(FieldChange::path)
                .containsExactly("depends_on", "timeout", "retry.max_attempts");
        assertThat(d.changed().get(1).changes().get(0))
                .isEqualTo(new FieldChange("depends_on", "[\"a\"]", "[\"a\",\"b\"]"));
        assertThat(d.changed().get(1).changes().get(1)).isEqualTo(new FieldChange("timeout", "\"PT1H\"", "\"PT30S\""));
    }

    @Test
    void workflowLevelFieldsAreComparedInAFixedOrder() {
        String from = """
                name: w
                description: first
                input: { type: object }
                limits: { timeout: 1h }
                steps:
                  - { id: a, agent: echo }
                output: { x: "{{ steps.a.output }}" }
                """;
        String to = """
                name: w
                description: "second, with \\"quotes\\""
                input: { type: object, required: [q] }
                limits: { timeout: 2h, max_parallel: 5 }
                steps:
                  - { id: a, agent: echo }
                output: { y: "{{ steps.a.output }}" }
                on_complete: [{ workflow: next }]
                """;
        DefinitionDiff d = diff(from, to);

        assertThat(d.workflowChanges()).extracting(FieldChange::path).containsExactly(
                "description", "input.required", "output.x", "output.y", "limits.timeout", "limits.max_parallel",
                "on_complete");
        assertThat(d.workflowChanges().getFirst().newJson()).isEqualTo("\"second, with \\\"quotes\\\"\"");
        assertThat(d.workflowChanges().getLast()).isEqualTo(new FieldChange("on_complete", "[]",
                "[{\"workflow\":\"next\"}]"));
        assertThat(d.text()).startsWith("~ description: \"first\" -> ").contains("\n~ limits.timeout: \"PT1H\" -> \"PT2H\"");
        assertThat(d.changed()).isEmpty();
    }

    @Test
    void aStepThatChangesKindShowsTheOldKindGoneAndTheNewOneThere() {
        String to = BASE.replace("{ id: c, agent: echo, depends_on: [a] }",
                "{ id: c, depends_on: [a], fail: { type: gone, message: gone } }");
        DefinitionDiff d = diff(BASE, to);

        assertThat(d.changed()).singleElement().satisfies(c -> assertThat(c.changes()).extracting(FieldChange::path)
                .containsExactly("agent", "fail"));
        assertThat(d.changed().getFirst().changes().getFirst().newJson()).isEqualTo("null");
    }

    @Test
    void stepsNestedInAForeachAreNamedByIdInThePath() {
        String from = """
                name: f
                steps:
                  - id: each
                    foreach:
                      items: "{{ input.items }}"
                      steps:
                        - { id: inner, agent: echo }
                """;
        DefinitionDiff d = diff(from, from.replace("agent: echo", "agent: slow"));

        assertThat(d.text()).isEqualTo("~ step each: foreach.steps.inner.agent: \"echo\" -> \"slow\"");
    }

    @Test
    void theDiffIsTheSameEveryTimeAndReversesForARollback() {
        String to = BASE.replace("agent: echo, depends_on: [a] }\n  - { id: c", "agent: slow, depends_on: [a] }\n  - { id: c");
        DefinitionDiff forward = diff(BASE, to);
        DefinitionDiff back = diff(to, BASE);

        assertThat(diff(BASE, to)).isEqualTo(forward);
        assertThat(back.text()).isEqualTo("~ step b: agent: \"slow\" -> \"echo\"");
        assertThat(forward.text()).isEqualTo("~ step b: agent: \"echo\" -> \"slow\"");
    }
    @Test
    void aSwitchCaseConditionChangeIsReportedAtTheCase() {
        String from = """
                name: s
                steps:
                  - { id: measure, agent: echo }
                  - id: route
                    depends_on: [measure]
                    switch:
                      default: short
                      cases:
                        - { name: long, when: "steps.measure.output.count > 20" }
                """;
        DefinitionDiff d = diff(from, from.replace("> 20", "> 30"));

        assertThat(d.text()).isEqualTo("~ step route: switch.cases[0].when: "
                + "\"steps.measure.output.count > 20\" -> \"steps.measure.output.count > 30\"");
    }

    @Test
    void aStateMachineIsDiffedAsItsMachineStep() {
        String machineId = parser.parse(MACHINE).steps().getFirst().id();
        DefinitionDiff d = diff(MACHINE, MACHINE.replace("agent: text", "agent: writer"));

        assertThat(d.changed()).singleElement().satisfies(c -> {
            assertThat(c.stepId()).isEqualTo(machineId);
            assertThat(c.changes()).singleElement().satisfies(f -> {
                assertThat(f.path()).endsWith(".agent");
                assertThat(f.oldJson()).isEqualTo("\"text\"");
                assertThat(f.newJson()).isEqualTo("\"writer\"");
            });
        });
    }

    static final String MACHINE = """
            name: m
            initial: draft
            states:
              - id: draft
                agent: text
                transitions:
                  - to: review
              - id: review
                agent: echo
                end: true
            """;
}
