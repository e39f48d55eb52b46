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
    @ValueSource(strings = {"/examples/research-brief.yaml", "/examples/fan-out-fan-in.yaml", "/examples/triage.yaml",
            "/examples/sections.yaml", "/examples/research-report.yaml", "/examples/publish-report.yaml"})
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
              - id: route
                depends_on: [a]
                switch: { mode: first, default: other, cases: [{ name: deep, when: "steps.a.output.n > 1" }] }
              - id: c
                agent: echo
                depends_on: [b, route]
                when: "steps.route.output.case == 'deep'"
                join: { mode: any, cancel_others: true }
              - { id: stop, depends_on: [a], when: "steps.a.output.n < 0", fail: { type: negative, message: "n {{ steps.a.output.n }}" } }
              - { id: total, depends_on: [a, b, c], join: { quorum: 2 }, aggregate: { strategy: sum, field: n } }
              - { id: counted, depends_on: [a, b], aggregate: { strategy: expression, expression: "size(values)" }, on_error: skip }
              - { id: table, depends_on: [a], transform: { to_table: "{{ steps.a.output.items }}", columns: [x] } }
              - { id: mapped, depends_on: [a], transform: { mapping: { n: "{{ steps.a.output.n }}" } } }
              - { id: records, depends_on: [table], transform: { to_records: "{{ steps.table.output }}" } }
              - { id: checked, depends_on: [a], validate: { value: "{{ steps.a.output }}", schema: { type: object } } }
            output: { a: "{{ steps.b.output }}" }
            """;

    @Test
    void aDefinitionUsingEveryFieldConformsAndParses() throws IOException {
        assertThat(schema().validate(YAML.readTree(EVERY_FIELD))).isEmpty();
        assertThat(new DefinitionParser().parse(EVERY_FIELD).steps()).hasSize(11);
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
        JsonNode step = schema.path("$defs").path("step").path("properties");
        assertThat(step.path("join").path("oneOf").path(1).path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepParser.JOIN_FIELDS);
        assertThat(schema.path("$defs").path("switch").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.SWITCH_FIELDS);
        assertThat(schema.path("$defs").path("switch").path("properties").path("cases").path("items")
                .path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.CASE_FIELDS);
        assertThat(step.path("fail").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.FAIL_FIELDS);
        assertThat(step.path("aggregate").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.AGGREGATE_FIELDS);
        assertThat(step.path("transform").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.TRANSFORM_FIELDS);
        assertThat(step.path("validate").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.VALIDATE_FIELDS);
        assertThat(step.path("sleep").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(StepKindParser.SLEEP_FIELDS);
        assertThat(step.path("foreach").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(ScopedKindParser.FOREACH_FIELDS);
        assertThat(step.path("dynamic").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(ScopedKindParser.DYNAMIC_FIELDS);
        assertThat(step.path("loop").path("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(ScopedKindParser.LOOP_FIELDS);
        assertThat(schema.path("$defs").path("step").path("oneOf")).extracting(k -> k.path("required").path(0)
                .asText()).containsExactlyElementsOf(StepKind.KEYWORDS);
    }

    @Test
    void theSchemaRefusesWhatTheParserRefusesAboutKinds() throws IOException {
        JsonNode bad = YAML.readTree("""
                name: n
                steps:
                  - { id: both, agent: w, switch: { cases: [{ name: x, when: "true" }] } }
                  - { id: none, depends_on: [both] }
                  - { id: j, agent: w, depends_on: [both, none], join: { mode: any, quorum: 2 } }
                  - { id: t, depends_on: [both], transform: { mapping: {}, to_records: "x" } }
                  - { id: e, depends_on: [both], aggregate: { strategy: sum, expression: "1" } }
                """);
        assertThat(schema().validate(bad)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.steps[0]", "$.steps[1]", "$.steps[2].join", "$.steps[3].transform",
                        "$.steps[4].aggregate");
    }

    @Test
    void schemaItselfIsValidDraft202012() throws IOException {
        JsonNode node = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        assertThat(JsonSchemas.META_FOR_TESTS.validate(node)).isEmpty();
    }

    @Test
    void aStateMachineIsAcceptedAndItsStatesAreCheckedLikeTheParserDoes() throws IOException {
        JsonNode machine = YAML.readTree("""
                name: m
                initial: a
                states:
                  - { id: a, agent: w, transitions: [ { when: "steps.a.output.ok", to: b }, { to: a } ] }
                  - { id: b, approval: { prompt: "ok?" }, end: true }
                """);
        assertThat(schema().validate(machine)).isEmpty();
        JsonNode bad = YAML.readTree("""
                name: m
                initial: a
                states:
                  - { id: a, agent: w, depends_on: [b] }
                """);
        assertThat(schema().validate(bad)).isNotEmpty();
        JsonNode state = new ObjectMapper().readTree(DefinitionParserTest.resource(
                "/schema/weft-workflow-v1.schema.json")).path("$defs").path("state");
        assertThat(state.path("properties").fieldNames()).toIterable().containsAll(MachineParser.STATE_ONLY_FIELDS)
                .doesNotContainAnyElementsOf(MachineParser.NOT_FOR_STATES);
        assertThat(state.path("properties").path("transitions").path("items").path("properties").fieldNames())
                .toIterable().containsExactlyInAnyOrderElementsOf(MachineParser.TRANSITION_FIELDS);
    }
}
