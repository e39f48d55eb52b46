package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The published DSL schema accepts the examples and rejects what the parser rejects. */
class WorkflowSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema schema() throws IOException {
        JsonNode node = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/examples/research-brief.yaml", "/examples/fan-out-fan-in.yaml"})
    void examplesConformToTheSchema(String path) throws IOException {
        JsonNode example = YAML.readTree(DefinitionParserTest.resource(path));
        assertThat(schema().validate(example)).isEmpty();
    }

    @Test
    void badDefinitionsFail() throws IOException {
        JsonNode bad = YAML.readTree("""
                name: Bad
                steps:
                  - id: my-step
                    agent: Echo
                    timeout: 10
                    depend_on: [x]
                    on_error: explode
                """);
        assertThat(schema().validate(bad)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.name", "$.steps[0].id", "$.steps[0].agent", "$.steps[0].timeout", "$.steps[0]",
                        "$.steps[0].on_error");
        assertThat(schema().validate(YAML.readTree("name: n\n"))).isNotEmpty();
    }

    static final String EVERY_FIELD = """
            name: every-field
            description: uses every field of the DSL
            input: { type: object }
            limits: { timeout: 1h, max_parallel: 5, max_tasks: 50, max_failed_steps: 2, max_failed_percent: 50 }
            escalation: { workflow: page-someone }
            on_complete: [{ workflow: publish, input: { text: "{{ output.a }}" } }]
            on_failure: [{ workflow: page-someone }]
            steps:
              - id: a
                agent: web-search
                input: { q: "{{ input.q }}" }
                timeout: 10m
                queue_timeout: 1m
                on_circuit_open: fail
                retry: { max_attempts: 4, backoff: immediate, initial_interval: 1s, max_interval: 1m, multiplier: 2,
                         jitter: 0.2, retry_on: [rate_limited], non_retryable: [bad_input] }
                on_error: retry
              - id: b
                agent: echo
                depends_on: [a]
                on_error: { retry: { max_attempts: 2, backoff: fixed }, then: skip }
            output: { a: "{{ steps.b.output }}" }
            """;

    @Test
    void aDefinitionUsingEveryFieldConformsAndParses() throws IOException {
        assertThat(schema().validate(YAML.readTree(EVERY_FIELD))).isEmpty();
        assertThat(new DefinitionParser().parse(EVERY_FIELD).steps()).hasSize(2);
    }

    @Test
    void theSchemaNamesExactlyTheFieldsTheParserReads() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        assertThat(schema.path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(DefinitionParser.TOP_FIELDS);
        assertThat(schema.path("properties").path("limits").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(DefinitionParser.LIMIT_FIELDS);
        assertThat(schema.path("$defs").path("step").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepParser.STEP_FIELDS);
        assertThat(schema.path("$defs").path("retry").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepParser.RETRY_FIELDS);
    }

    @Test
    void schemaItselfIsValidDraft202012() throws IOException {
        JsonNode node = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        assertThat(JsonSchemas.META_FOR_TESTS.validate(node)).isEmpty();
    }
}
