package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** foreach and loop: how they read, and every mistake in a body named with its line and field. */
class ScopedStepsDefinitionTest {
    private final DefinitionParser parser = new DefinitionParser();

    private List<String> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors().stream()
                .map(e -> e.path() + " (line " + e.line() + "): " + e.message()).toList();
    }

    @Test
    void readsBothFormsOfForeachAndALoop() {
        WorkflowDefinition d = parser.parse("""
                name: scoped
                steps:
                  - { id: plan, agent: planner }
                  - id: each
                    depends_on: [plan]
                    foreach: { items: "{{ steps.plan.output.parts }}", agent: writer, max_parallel: 4 }
                    input: { part: "{{ item }}", n: "{{ index }}" }
                    retry: { max_attempts: 2 }
                  - id: sections
                    depends_on: [plan]
                    foreach:
                      items: "{{ steps.plan.output.parts }}"
                      mode: sequential
                      steps:
                        - { id: draft, agent: writer, input: { part: "{{ item }}", plan: "{{ steps.plan.output }}" } }
                  - id: refine
                    depends_on: [sections]
                    loop:
                      max_iterations: 3
                      until: "steps.review.output.approved"
                      steps:
                        - { id: review, agent: reviewer, input: { round: "{{ round }}", text: "{{ steps.sections.output }}" } }
                """);

        ScopeOwner.Foreach each = (ScopeOwner.Foreach) d.step("each").orElseThrow().kind();
        assertThat(each.agent()).isEqualTo("writer");
        assertThat(each.maxParallel()).isEqualTo(4);
        assertThat(each.maxItems()).isEqualTo(ScopeOwner.Foreach.DEFAULT_MAX_ITEMS);
        ScopeOwner.Foreach sections = (ScopeOwner.Foreach) d.step("sections").orElseThrow().kind();
        assertThat(sections.maxParallel()).isEqualTo(1);
        assertThat(sections.steps()).extracting(StepDefinition::id).containsExactly("draft");
        ScopeOwner.Loop loop = (ScopeOwner.Loop) d.step("refine").orElseThrow().kind();
        assertThat(loop.until()).isEqualTo("steps.review.output.approved");
        assertThat(loop.maxIterations()).isEqualTo(3);
    }

    @Test
    void aLoopMustBeBoundedAndSayWhenItEnds() {
        assertThat(errors("""
                name: n
                steps:
                  - id: l
                    loop: { steps: [ { id: a, agent: w } ] }
                """)).containsExactly(
                "steps[0](l).loop (line 4): missing required field 'max_iterations' (a loop must be bounded; at most 100)",
                "steps[0](l).loop (line 4): missing required field 'until'");
        assertThat(errors("""
                name: n
                steps:
                  - id: l
                    loop: { max_iterations: 1000, until: "true", steps: [ { id: a, agent: w } ] }
                """)).singleElement().asString().contains("max_iterations").contains("100");
    }

    @Test
    void aForeachHasEitherAnAgentOrABody() {
        assertThat(errors("""
                name: n
                steps:
                  - id: e
                    foreach: { items: "{{ input.xs }}" }
                """)).containsExactly("steps[0](e).foreach (line 4): expected exactly one of 'agent' (one task per item, "
                + "with the step's input) or 'steps' (a body of steps per item)");
    }

    @Test
    void aBodyStepDependsOnlyOnStepsOfItsBody() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w }
                  - id: e
                    depends_on: [a]
                    foreach:
                      items: "{{ input.xs }}"
                      steps:
                        - { id: b, agent: w, depends_on: [a] }
                """)).singleElement().asString().startsWith("steps[1](e).foreach.steps[0].depends_on[0]")
                .contains("step 'a' is not in this list of steps");
    }

    @Test
    void aBodyStepIsReadFromOutsideThroughItsOwner() {
        assertThat(errors("""
                name: n
                steps:
                  - id: e
                    foreach: { items: "{{ input.xs }}", steps: [ { id: b, agent: w } ] }
                  - { id: after, agent: w, depends_on: [e], input: { x: "{{ steps.b.output }}" } }
                """)).singleElement().asString().contains("steps[1](after).input.x")
                .contains("reads step 'b', which runs inside 'e'; outside its body, read steps.e.output");
    }

    @Test
    void stepIdsAreUniqueAcrossBodies() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: b, agent: w }
                  - id: e
                    foreach: { items: "{{ input.xs }}", steps: [ { id: b, agent: w } ] }
                """)).singleElement().asString().contains("steps[1](e).foreach.steps[0].id")
                .contains("duplicate step id 'b'");
    }

    @Test
    void itemAndRoundAreKnownOnlyInsideTheirScope() {
        assertThat(errors("""
                name: n
                steps:
                  - { id: a, agent: w, input: { x: "{{ item }}" } }
                """)).singleElement().asString().contains("steps[0](a).input.x").contains("item");
        assertThat(errors("""
                name: n
                steps:
                  - id: e
                    foreach: { items: "{{ input.xs }}", steps: [ { id: b, agent: w, input: { r: "{{ round }}" } } ] }
                """)).singleElement().asString().contains("steps[0](e).foreach.steps[0].input.r")
                .contains("round");
    }

    @Test
    void bodiesNestAtMostThreeDeep() {
        assertThat(errors("""
                name: n
                steps:
                  - id: l1
                    loop:
                      max_iterations: 2
                      until: "true"
                      steps:
                        - id: l2
                          loop:
                            max_iterations: 2
                            until: "true"
                            steps:
                              - id: l3
                                loop:
                                  max_iterations: 2
                                  until: "true"
                                  steps:
                                    - id: l4
                                      loop: { max_iterations: 2, until: "true", steps: [ { id: x, agent: w } ] }
                """)).singleElement().asString().contains("bodies nest at most 3 deep");
    }
}
