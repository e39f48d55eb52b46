package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fallback: { agent, input }}: read on agent steps, refused elsewhere, its input may read {@code error}. */
class FallbackDefinitionTest {

    @Test
    void aFallbackIsReadWithItsCapabilityAndInput() {
        WorkflowDefinition d = new DefinitionParser().parse("""
                name: n
                steps:
                  - id: a
                    agent: premium
                    fallback: { agent: cheap, input: { why: "{{ error.message }}", text: "{{ input.t }}" } }
                """);

        assertThat(d.step("a").orElseThrow().fallback()).isEqualTo(new StepDefinition.Fallback("cheap",
                Map.of("why", "{{ error.message }}", "text", "{{ input.t }}")));
    }

    @Test
    void aFallbackOnAStepThatSendsNoTaskIsRefused() {
        assertThat(Refusals.errors("""
                name: n
                steps:
                  - { id: a, sleep: { duration: 1s }, fallback: { agent: cheap } }
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("steps[0](a).fallback",
                        "applies to agent steps only, but this is a sleep step"));
    }

    @Test
    void aFallbackNamesItsBadFields() {
        assertThat(Refusals.errors("""
                name: n
                steps:
                  - { id: a, agent: w, fallback: { agent: Bad!, retry: 3 } }
                """)).extracting(DefinitionError::path).containsExactlyInAnyOrder("steps[0](a).fallback.retry",
                "steps[0](a).fallback.agent");
    }

    @Test
    void onlyAFallbacksInputMayReadError() {
        assertThat(Refusals.errors("""
                name: n
                steps:
                  - { id: a, agent: w, input: { x: "{{ error.type }}" }, fallback: { agent: v } }
                """)).extracting(DefinitionError::path).containsExactly("steps[0](a).input.x");
    }
}
