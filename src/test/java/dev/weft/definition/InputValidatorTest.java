package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class InputValidatorTest {
    private final InputValidator validator = new InputValidator();
    private final WorkflowDefinition definition = new DefinitionParser().parse("""
            name: v
            input:
              type: object
              required: [topic]
              additionalProperties: false
              properties:
                topic: { type: string, minLength: 1 }
                limit: { type: integer, maximum: 10 }
                tags: { type: array, items: { type: string } }
            steps: [{ id: s, agent: echo }]
            """);

    @Test
    void acceptsValidInput() {
        assertThat(validator.validate(definition, Map.of("topic", "cel", "limit", 3L))).isEmpty();
    }

    @Test
    void namesTheFieldOfEachProblem() {
        assertThat(validator.validate(definition, Map.of("limit", 30L, "tags", List.of("a", 1L), "extra", true)))
                .containsExactly(
                        "input.extra: property 'extra' is not defined in the schema and the schema does not allow additional properties",
                        "input.limit: must have a maximum value of 10",
                        "input.tags[1]: integer found, string expected",
                        "input.topic: required property missing");
    }

    @Test
    void rejectsANonObjectInput() {
        assertThat(validator.validate(definition, "just text")).containsExactly("input: string found, object expected");
    }

    @Test
    void definitionsWithoutSchemaAcceptAnything() {
        WorkflowDefinition open = new DefinitionParser().parse("name: o\nsteps: [{ id: s, agent: echo }]\n");
        assertThat(validator.validate(open, List.of(1L, 2L))).isEmpty();
    }

    @Test
    void patternsMatchInLinearTime() {
        // Found by DefinitionParserFuzzTest (Jazzer's regex injection detector): a tenant's pattern
        // ran on java.util.regex, where this one takes half a minute on 41 characters, and each
        // further character multiplies that.
        WorkflowDefinition redos = new DefinitionParser().parse("""
                name: r
                input: { type: object, properties: { s: { type: string, pattern: "^(.*a){10}$" } } }
                steps: [{ id: s, agent: echo }]
                """);
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> validator.validate(redos, Map.of("s", "a".repeat(40) + "b")));
        assertThat(problems).containsExactly("input.s: does not match the regex pattern ^(.*a){10}$");
        assertThat(validator.validate(redos, Map.of("s", "a".repeat(10)))).isEmpty();
    }

    @Test
    void aStoredSchemaWhosePatternNoLongerCompilesRefusesInputsWithAReason() {
        WorkflowDefinition stored = new DefinitionParser().parseStored("""
                name: r
                input: { type: object, properties: { s: { type: string, pattern: "^(?=.*[A-Z]).+$" } } }
                steps: [{ id: s, agent: echo }]
                """);
        assertThat(validator.validate(stored, Map.of("s", "Abc"))).singleElement().asString()
                .startsWith("input: the workflow's input schema cannot check inputs: ")
                .contains("(?=");
    }

    @Test
    void cachesCompiledSchemasPerDefinition() {
        validator.validate(definition, Map.of("topic", "a"));
        validator.validate(definition, Map.of("topic", "b"));
        validator.validate(definition.withVersion(2), Map.of("topic", "c"));
        assertThat(validator.cachedSchemas()).isEqualTo(2);
    }
}
