package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** on_complete / on_failure: parsed with their input templates, bad ones refused naming line and field. */
class ChainDefinitionTest {
    final DefinitionParser parser = new DefinitionParser();

    private List<DefinitionError> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors();
    }

    @Test
    void chainsAreReadInOrderWithTheirInput() {
        WorkflowDefinition d = parser.parse("""
                name: research
                on_complete:
                  - { workflow: publish, input: { title: "{{ output.title }}" } }
                  - { workflow: archive }
                on_failure: [ { workflow: page-someone, input: "{{ {'why': error.message} }}" } ]
                steps: [ { id: a, agent: w } ]
                """);

        assertThat(d.chaining().onComplete()).containsExactly(
                new WorkflowDefinition.Chain("publish", Map.of("title", "{{ output.title }}")),
                new WorkflowDefinition.Chain("archive", null));
        assertThat(d.chaining().onFailure()).extracting(WorkflowDefinition.Chain::workflow)
                .containsExactly("page-someone");
    }

    @Test
    void aDefinitionWithoutChainsHasNone() {
        WorkflowDefinition d = parser.parse("name: plain\nsteps: [ { id: a, agent: w } ]\n");

        assertThat(d.chaining()).isEqualTo(WorkflowDefinition.Chaining.NONE);
    }

    @Test
    void badChainsAreRefusedWithLineAndField() {
        assertThat(errors("""
                name: research
                on_complete:
                  - { workflow: Publish }
                  - { workflow: ok, input: [1, 2] }
                  - { workflow: ok, inputs: {} }
                on_failure: { workflow: x }
                steps: [ { id: a, agent: w } ]
                """)).containsExactly(
                new DefinitionError("on_complete[0].workflow", 3,
                        "must match [a-z0-9][a-z0-9_.-]{0,99} (lower case), but got 'Publish'"),
                new DefinitionError("on_complete[1].input", 4, "expected an object (or a template that gives one), "
                        + "but got a list"),
                new DefinitionError("on_complete[2].inputs", 5,
                        "unknown field 'inputs'; allowed fields are workflow, input"),
                new DefinitionError("on_failure", 6, "expected a list of { workflow, input }, but got an object"));
    }

    @Test
    void anOnCompleteInputMayReadTheOutputButNotTheError() {
        List<DefinitionError> errors = errors("""
                name: research
                on_complete: [ { workflow: publish, input: { t: "{{ output.t }}", e: "{{ error.type }}" } } ]
                on_failure: [ { workflow: page, input: { t: "{{ output.t }}" } } ]
                steps: [ { id: a, agent: w } ]
                """);

        assertThat(errors).extracting(DefinitionError::path)
                .containsExactly("on_complete[0].input.e", "on_failure[0].input.t");
        assertThat(errors.getFirst().message()).contains("error");
    }

    @Test
    void aChainInputReadingAnUnknownStepIsRefused() {
        assertThat(errors("""
                name: research
                on_complete: [ { workflow: publish, input: { t: "{{ steps.nope.output }}" } } ]
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::message)
                .containsExactly("expression 'steps.nope.output' reads unknown step 'nope'");
    }

    @Test
    void atMostTenWorkflowsMayBeChainedToOneEnd() {
        StringBuilder yaml = new StringBuilder("name: many\non_complete:\n");
        for (int i = 0; i < 11; i++) {
            yaml.append("  - { workflow: w").append(i).append(" }\n");
        }
        yaml.append("steps: [ { id: a, agent: w } ]\n");

        assertThat(errors(yaml.toString())).extracting(DefinitionError::message)
                .containsExactly("at most 10 workflows may be chained, but got 11");
    }
}
