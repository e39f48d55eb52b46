package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DefinitionParserTest {
    private final DefinitionParser parser = new DefinitionParser();

    static String resource(String path) throws IOException {
        try (InputStream in = DefinitionParserTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<DefinitionError> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors();
    }

    @Test
    void parsesTheResearchBriefExample() throws IOException {
        WorkflowDefinition d = parser.parse(resource("/examples/research-brief.yaml"));
        assertThat(d.name()).isEqualTo("research-brief");
        assertThat(d.version()).isZero();
        assertThat(d.inputSchema()).containsEntry("required", List.of("topic"));
        assertThat(d.steps()).extracting(StepDefinition::id).containsExactly("search", "summarize");
        StepDefinition summarize = d.step("summarize").orElseThrow();
        assertThat(summarize.agent()).isEqualTo("text");
        assertThat(summarize.dependsOn()).containsExactly("search");
        assertThat(summarize.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(summarize.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(summarize.onError()).isEqualTo(OnError.FAIL);
        assertThat(d.output()).isInstanceOf(Map.class);
        assertThat(d.limits()).isEqualTo(WorkflowDefinition.ExecutionLimits.DEFAULTS);
    }

    @Test
    void parsesTheFanOutFanInExample() throws IOException {
        WorkflowDefinition d = parser.parse(resource("/examples/fan-out-fan-in.yaml"));
        assertThat(d.step("join").orElseThrow().dependsOn()).containsExactly("a", "b", "c");
        assertThat(d.step("b").orElseThrow().retry().maxAttempts()).isEqualTo(1);
        assertThat(d.step("c").orElseThrow().onError()).isEqualTo(OnError.SKIP);
        assertThat(d.limits().maxParallel()).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptsJsonAndAppliesDefaults() {
        WorkflowDefinition d = parser.parse("""
                {"name": "j", "steps": [{"id": "s", "agent": "echo", "input": {"n": 1, "x": 2.5, "b": true, "z": null}}]}
                """);
        StepDefinition s = d.steps().getFirst();
        assertThat(s.timeout()).isEqualTo(StepDefinition.DEFAULT_TIMEOUT);
        assertThat(s.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(s.onError()).isEqualTo(OnError.FAIL);
        assertThat(s.dependsOn()).isEmpty();
        assertThat((Map<String, Object>) s.input()).containsEntry("n", 1L).containsEntry("x", 2.5)
                .containsEntry("b", true).containsEntry("z", null);
        assertThat(d.description()).isEmpty();
        assertThat(d.inputSchema()).isNull();
        assertThat(d.output()).isNull();
    }

    @Test
    void partialRetryKeepsDefaultsForOmittedFields() {
        WorkflowDefinition d = parser.parse("""
                name: r
                steps:
                  - { id: s, agent: echo, retry: { max_attempts: 5, backoff: linear }, on_error: continue }
                """);
        RetryPolicy r = d.steps().getFirst().retry();
        assertThat(r).isEqualTo(new RetryPolicy(5, RetryPolicy.Backoff.LINEAR, Duration.ofSeconds(1),
                Duration.ofMinutes(1), 2.0));
        assertThat(d.steps().getFirst().onError()).isEqualTo(OnError.CONTINUE);
    }

    @Test
    void parsesLimits() {
        WorkflowDefinition d = parser.parse("""
                name: l
                limits: { timeout: 2d, max_parallel: 5, max_tasks: 50 }
                steps: [{ id: s, agent: echo, timeout: 1h30m }]
                """);
        assertThat(d.limits()).isEqualTo(new WorkflowDefinition.ExecutionLimits(Duration.ofDays(2), 5, 50));
        assertThat(d.steps().getFirst().timeout()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void reportsBadDurationWithLineAndStepId() {
        List<DefinitionError> errors = errors("""
                name: d
                steps:
                  - id: search
                    agent: echo
                  - id: summarize
                    agent: text
                    timeout: 10 minutes
                """);
        assertThat(errors).containsExactly(new DefinitionError("steps[1](summarize).timeout", 7,
                "expected a duration like 10s, 5m or 1h, but got '10 minutes'"));
        assertThat(catchThrowableOfType(DefinitionException.class, () -> parser.parse("""
                name: d
                steps: [{ id: s, agent: echo, timeout: 10 }]
                """)).getMessage()).contains("line 2: steps[0](s).timeout: expected a duration like 10s, 5m or 1h, but got 10");
    }

    @Test
    void reportsUnknownFieldsListingAllowedOnes() {
        List<DefinitionError> errors = errors("""
                name: u
                stepz: []
                steps:
                  - id: s
                    agent: echo
                    depend_on: [x]
                """);
        assertThat(errors).extracting(DefinitionError::path, DefinitionError::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("stepz", 2), org.assertj.core.groups.Tuple.tuple("steps[0](s).depend_on", 6));
        assertThat(errors.get(1).message()).isEqualTo(
                "unknown field 'depend_on'; allowed fields are id, agent, input, depends_on, timeout, retry, on_error, queue_timeout, on_circuit_open, "
                        + "when, join, switch, fail, aggregate, transform, validate, sleep, foreach, loop, wait, approval, workflow, "
                        + "fallback, dynamic");
    }

    @Test
    void enforcesServerBounds() {
        List<DefinitionError> errors = errors("""
                name: Bad Name
                limits: { timeout: 8d, max_parallel: 0, max_tasks: 10001 }
                steps:
                  - id: my-step
                    agent: "-bad"
                    timeout: 50ms
                    retry: { max_attempts: 21, backoff: random, initial_interval: 1m, max_interval: 1s, multiplier: 0.5 }
                    on_error: explode
                """);
        assertThat(errors).extracting(DefinitionError::path).containsExactly(
                "name", "limits.timeout", "limits.max_parallel", "limits.max_tasks",
                "steps[0](my-step).id", "steps[0](my-step).agent", "steps[0](my-step).timeout",
                "steps[0](my-step).retry.max_attempts", "steps[0](my-step).retry.backoff",
                "steps[0](my-step).retry.multiplier", "steps[0](my-step).on_error");
        assertThat(errors).extracting(DefinitionError::line).containsExactly(1, 2, 2, 2, 4, 5, 6, 7, 7, 7, 8);
        assertThat(errors.get(1).message()).isEqualTo("must be between 1s and 7d, but got '8d'");
        assertThat(errors.get(8).message()).isEqualTo("must be one of immediate, fixed, linear, exponential, but got 'random'");
    }

    @Test
    void upperCaseCapabilityIsRefusedNamingTheFieldAndThePattern() {
        assertThat(errors("""
                name: c
                steps:
                  - id: s
                    agent: WebSearch
                """)).containsExactly(new DefinitionError("steps[0](s).agent", 4,
                "must match [a-z0-9][a-z0-9_.-]{0,99} (capability names are lower case), but got 'WebSearch'"));
    }

    @Test
    void rejectsMaxIntervalBelowInitialInterval() {
        assertThat(errors("""
                name: r
                steps: [{ id: s, agent: echo, retry: { initial_interval: 1m, max_interval: 1s } }]
                """)).extracting(DefinitionError::message)
                .containsExactly("max_interval (1s) must not be less than initial_interval (1m)");
    }

    @Test
    void reportsMissingRequiredFields() {
        assertThat(errors("description: x\n")).extracting(DefinitionError::message)
                .containsExactly("missing required field 'name'",
                        "missing required field 'steps' (or 'states' for a state machine)");
        assertThat(errors("name: n\nsteps:\n  - agent: echo\n")).containsExactly(
                new DefinitionError("steps[0]", 3, "missing required field 'id'"));
    }

    @Test
    void reportsSyntaxErrorsAndDuplicateKeysWithLines() {
        assertThat(errors("name: n\nsteps: [\n  {id: s\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("not valid YAML or JSON"))
                .satisfies(e -> assertThat(e.line()).isPositive());
        assertThat(errors("name: n\nname: m\nsteps: [{id: s, agent: echo}]\n"))
                .containsExactly(new DefinitionError("name", 2, "duplicate key 'name'"));
        assertThat(errors("")).extracting(DefinitionError::message).containsExactly("the definition is empty");
        assertThat(errors("- a\n- b\n")).extracting(DefinitionError::message)
                .containsExactly("expected an object with name and steps, but got a list");
    }

    @Test
    void numbersTooLargeForJsonAreRefusedWithTheLine() {
        // Found by DefinitionParserFuzzTest: 1e999 read as Infinity, which JSON cannot carry to an agent.
        assertThat(errors("""
                name: big
                steps:
                  - id: s
                    agent: echo
                    input: { n: 1e999, ok: 1e308, m: -1E+400, huge: 123456789012345678901234567890 }
                """)).containsExactly(
                new DefinitionError("steps[0](s).input.n", 5, "the number 1e999 is too large (JSON numbers are at most about 1.8e308)"),
                new DefinitionError("steps[0](s).input.m", 5, "the number -1E+400 is too large (JSON numbers are at most about 1.8e308)"));
    }

    @Test
    void inputSchemaPatternsMustBeLinearTimeRegularExpressions() {
        assertThat(errors("""
                name: p
                input: { type: object, properties: { pw: { type: string, pattern: "^(?=.*[A-Z]).{8,}$" } } }
                steps: [{ id: s, agent: echo }]
                """)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("input");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).startsWith("JSON Schema does not compile: pattern '^(?=.*[A-Z]).{8,}$' is not"
                    + " supported: patterns use RE2 syntax, which runs in linear time (no lookarounds or backreferences)");
        });
    }

    @Test
    void rejectsOversizedText() {
        String big = "name: n\ndescription: \"" + "x".repeat(DefinitionParser.MAX_TEXT_BYTES) + "\"\n";
        assertThatThrownBy(() -> parser.parse(big)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void runsTheValidatorWithLines() {
        List<DefinitionError> errors = errors("""
                name: v
                steps:
                  - id: a
                    agent: echo
                    depends_on: [b, nope]
                  - id: b
                    agent: echo
                    depends_on: [a]
                    input:
                      x: "{{ steps.a.output }}"
                      y: "{{ steps.zz.output }}"
                """);
        assertThat(errors).extracting(DefinitionError::toString).containsExactly(
                "line 5: steps[0](a).depends_on[1]: unknown step 'nope'; steps are a, b",
                "line 5: steps[0](a).depends_on: dependency cycle: a -> b -> a",
                "line 11: steps[1](b).input.y: expression 'steps.zz.output' reads unknown step 'zz'");
    }
}
