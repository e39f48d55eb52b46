package dev.weft.definition;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionValidatorTest {

    private static StepDefinition step(String id, Object input, String... deps) {
        return new StepDefinition(id, "echo", input, Arrays.asList(deps), StepDefinition.DEFAULT_TIMEOUT,
                RetryPolicy.DEFAULT, OnError.FAIL);
    }

    private static WorkflowDefinition workflow(Object output, StepDefinition... steps) {
        return new WorkflowDefinition("w", 0, null, null, List.of(steps), output,
                WorkflowDefinition.ExecutionLimits.DEFAULTS);
    }

    private static List<String> messages(WorkflowDefinition d) {
        return DefinitionValidator.validate(d).stream().map(DefinitionError::toString).toList();
    }

    @Test
    void acceptsAValidDiamond() {
        WorkflowDefinition d = workflow(Map.of("r", "{{ steps.d.output }}"),
                step("a", null), step("b", "{{ steps.a.output }}", "a"), step("c", null, "a"),
                step("d", List.of("{{ steps.a.output }}", "{{ steps.b.output }}"), "b", "c"));
        assertThat(DefinitionValidator.validate(d)).isEmpty();
        assertThat(DefinitionValidator.requireValid(d)).isSameAs(d);
    }

    @Test
    void namesCycles() {
        assertThat(messages(workflow(null, step("a", null, "c"), step("b", null, "a"), step("c", null, "b"))))
                .containsExactly("steps[0](a).depends_on: dependency cycle: a -> c -> b -> a");
        assertThat(messages(workflow(null, step("x", null), step("a", null, "b"), step("b", null, "a"))))
                .containsExactly("steps[1](a).depends_on: dependency cycle: a -> b -> a");
    }

    @Test
    void reportsUnknownDuplicateAndSelfDependencies() {
        assertThat(messages(workflow(null, step("a", null, "a"), step("a", null), step("b", null, "ghost"))))
                .containsExactly(
                        "steps[1](a).id: duplicate step id 'a' (first used by steps[0])",
                        "steps[0](a).depends_on[0]: a step cannot depend on itself",
                        "steps[2](b).depends_on[0]: unknown step 'ghost'; steps are a, b");
    }

    @Test
    void stepTemplatesMayOnlyReadTransitiveDependencies() {
        WorkflowDefinition d = workflow(Map.of("all", "{{ steps.c.output }} {{ steps.a.output }}"),
                step("a", null),
                step("b", null, "a"),
                step("c", Map.of("ok", "{{ steps.a.output }}", "own", "{{ steps.c.output }}"), "b"),
                step("d", Map.of("sibling", "{{ steps.c.output }}"), "a"));
        assertThat(messages(d)).containsExactlyInAnyOrder(
                "steps[2](c).input.own: expression 'steps.c.output' reads step 'c', which is not among this step's dependencies; add it to depends_on",
                "steps[3](d).input.sibling: expression 'steps.c.output' reads step 'c', which is not among this step's dependencies; add it to depends_on");
    }

    @Test
    void reportsBadExpressionsAndUnknownStepsInOutput() {
        WorkflowDefinition d = workflow(Map.of("x", "{{ steps.nope.output }}", "y", List.of("{{ input. }}")),
                step("a", Map.of("q", "{{ imput.topic }}", "r", "{{ unclosed")));
        List<String> m = messages(d);
        assertThat(m).hasSize(4);
        assertThat(m).anySatisfy(s -> assertThat(s).startsWith("steps[0](a).input.q: expression 'imput.topic' is invalid: ")
                .contains("undeclared reference to 'imput'"));
        assertThat(m).anySatisfy(s -> assertThat(s).startsWith("steps[0](a).input.r: template '{{ unclosed' is invalid"));
        assertThat(m).contains("output.x: expression 'steps.nope.output' reads unknown step 'nope'");
        assertThat(m).anySatisfy(s -> assertThat(s).startsWith("output.y[0]: expression 'input.' is invalid"));
    }

    @Test
    void rejectsInvalidInputSchemas() {
        WorkflowDefinition bad = new WorkflowDefinition("w", 0, null, Map.of("type", "objekt", "minProperties", -1),
                List.of(step("a", null)), null, WorkflowDefinition.ExecutionLimits.DEFAULTS);
        assertThat(DefinitionValidator.validate(bad)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path()).isEqualTo("input"))
                .allSatisfy(e -> assertThat(e.message()).startsWith("not a valid JSON Schema"));
        WorkflowDefinition remote = new WorkflowDefinition("w", 0, null,
                Map.of("properties", Map.of("x", Map.of("$ref", "https://evil.example/s.json"))),
                List.of(step("a", null)), null, WorkflowDefinition.ExecutionLimits.DEFAULTS);
        assertThat(messages(remote)).containsExactly(
                "input: only local references like '#/$defs/x' are allowed, but properties.x.$ref is 'https://evil.example/s.json'");
    }

    @Test
    void collectsAllErrorsIntoOneException() {
        WorkflowDefinition d = workflow("{{ steps.q.output }}", step("a", null, "zz"), step("a", null));
        assertThatThrownBy(() -> DefinitionValidator.requireValid(d))
                .isInstanceOf(DefinitionException.class)
                .hasMessage("""
                        invalid workflow definition: 3 errors
                          steps[1](a).id: duplicate step id 'a' (first used by steps[0])
                          steps[0](a).depends_on[0]: unknown step 'zz'; steps are a
                          output: expression 'steps.q.output' reads unknown step 'q'""");
    }
}
