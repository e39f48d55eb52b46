package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DefinitionParser#parseStored} reads sources registered by earlier releases, whose rules
 * were looser: a definition an execution is pinned to must load for as long as the execution lives.
 */
class StoredDefinitionsTest {
    private final DefinitionParser parser = new DefinitionParser();

    @Test
    void upperCaseCapabilitiesOfStoredDefinitionsStillLoad() {
        String source = """
                name: legacy
                steps:
                  - { id: s, agent: WebSearch }
                """;
        assertThatThrownBy(() -> parser.parse(source)).isInstanceOf(DefinitionException.class);
        assertThat(parser.parseStored(source).steps().getFirst().agent()).isEqualTo("WebSearch");
    }

    @Test
    void storedDefinitionsResolveAliasesWhenTheyCan() {
        WorkflowDefinition d = parser.parseStored("""
                name: aliases
                steps:
                  - { id: a, agent: echo, input: &in { q: 1 } }
                  - { id: b, agent: echo, input: *in }
                """);
        assertThat(d.step("b").orElseThrow().input()).isEqualTo(Map.of("q", 1L));
    }

    @Test
    void anUnknownAliasInAStoredDefinitionIsReadAsEarlierReleasesReadIt() {
        String source = """
                name: legacy
                steps:
                  - { id: a, agent: echo, input: { copy: *nowhere } }
                """;
        assertThatThrownBy(() -> parser.parse(source)).isInstanceOf(DefinitionException.class);
        assertThat(parser.parseStored(source).steps().getFirst().input()).isEqualTo(Map.of("copy", "nowhere"));
    }

    @Test
    void aStoredDefinitionThatOnlyEarlierReadingsMakeValidLoadsThatWay() {
        // Read the current way, b's input would copy a template that reads a step b does not depend on.
        String source = """
                name: legacy
                steps:
                  - { id: s, agent: echo }
                  - { id: a, agent: echo, depends_on: [s], input: { q: &q "{{ steps.s.output }}" } }
                  - { id: b, agent: echo, input: { q: *q } }
                """;
        assertThatThrownBy(() -> parser.parse(source)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("not among this step's dependencies");
        assertThat(parser.parseStored(source).step("b").orElseThrow().input()).isEqualTo(Map.of("q", "q"));
    }

    @Test
    void anExpressionThatOnlyEarlierTypeRulesAcceptStillLoads() {
        // Before true division, input.n / 2 was an int and '%' took it.
        String source = """
                name: legacy
                steps:
                  - { id: a, agent: echo, input: { even_half: "{{ input.n / 2 % 2 == 0 }}" } }
                """;
        assertThatThrownBy(() -> parser.parse(source)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("no operator '%' for double and int; convert with int(x)");
        assertThat(parser.parseStored(source).steps().getFirst().input())
                .isEqualTo(Map.of("even_half", "{{ input.n / 2 % 2 == 0 }}"));
    }

    @Test
    void storedExpressionsMustStillParseAndReadOnlyTheirDependencies() {
        assertThatThrownBy(() -> parser.parseStored("""
                name: n
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, input: { x: "{{ steps.a.output }}", y: "{{ input. ( }}" } }
                """)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("steps[1](b).input.x: expression 'steps.a.output' reads step 'a', which is not"
                        + " among this step's dependencies")
                .hasMessageContaining("steps[1](b).input.y: expression 'input. (' is invalid");
    }

    @Test
    void aNumberTooLargeForJsonInAStoredDefinitionIsReadAsEarlierReleasesReadIt() {
        String source = "name: legacy\nsteps: [{ id: a, agent: echo, input: { n: 1e999 } }]\n";
        assertThatThrownBy(() -> parser.parse(source)).isInstanceOf(DefinitionException.class);
        assertThat(parser.parseStored(source).steps().getFirst().input())
                .isEqualTo(Map.of("n", Double.POSITIVE_INFINITY));
    }

    @Test
    void storedDefinitionsAreStillValidated() {
        assertThatThrownBy(() -> parser.parseStored("name: broken\n")).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("missing required field 'steps'");
        assertThatThrownBy(() -> parser.parseStored("name: n\nsteps: [{ id: s, agent: -bad }]\n"))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("steps[0](s).agent");
    }
}
