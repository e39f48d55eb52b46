package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code when:} conditions and dead-path elimination: a branch not taken is skipped, not blocked. */
class WhenConditionTest {

    /** classify decides; deep and quick are the two branches; report joins them; audit follows deep only. */
    static final String BRANCHES = """
            name: branches
            steps:
              - id: classify
                agent: classifier
              - id: deep
                agent: researcher
                depends_on: [classify]
                when: "steps.classify.output.weight == 'large'"
              - id: quick
                agent: summarizer
                depends_on: [classify]
                when: "{{ steps.classify.output.weight != 'large' }}"
              - id: audit
                agent: auditor
                depends_on: [deep]
              - id: report
                agent: writer
                depends_on: [deep, quick]
                input: { deep: "{{ steps.deep.output }}", quick: "{{ steps.quick.output }}" }
            output:
              deep: "{{ steps.deep.status }}"
              quick: "{{ steps.quick.status }}"
              audit: "{{ steps.audit.status }}"
              report: "{{ steps.report.output }}"
            """;

    @Test
    void aFalseConditionSkipsTheStepWithReasonWhenAndRecordsTheConditionAndItsValue() {
        EngineScenario s = EngineScenario.given(BRANCHES).started().succeeds("classify", 1, Map.of("weight", "large"));

        s.thenEvents(TaskCompleted.class, StepSkipped.class, TaskDispatched.class)
                .thenDispatched("deep").thenStep("quick", StepStatus.SKIPPED);
        StepSkipped skipped = s.event(StepSkipped.class);
        assertThat(skipped.stepId()).isEqualTo("quick");
        assertThat(skipped.reason()).isEqualTo("when");
        assertThat(skipped.condition()).isEqualTo("steps.classify.output.weight != 'large'");
        assertThat(skipped.value()).isEqualTo(false);
        assertThat(skipped.branch()).isTrue();
        assertThat(skipped.blocksDependents()).isFalse();
        assertThat(s.step("quick").branchSkipped()).isTrue();
    }

    @Test
    void aJoinAfterABranchRunsOnceWithWhicheverBranchRan() {
        EngineScenario s = EngineScenario.given(BRANCHES).started().succeeds("classify", 1, Map.of("weight", "large"))
                .succeeds("deep", 1, "findings");

        s.thenDispatched("audit", "report");
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("deep", "findings");
        expected.put("quick", null);
        assertThat(s.dispatchedInput("report")).isEqualTo(expected);

        s.succeeds("audit", 1, "ok").succeeds("report", 1, "R").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("deep", "completed", "quick", "skipped", "audit",
                "completed", "report", "R"));
    }

    @Test
    void aStepWhoseDependenciesWereAllSkippedByABranchIsSkippedAsADeadPathNotBlocked() {
        EngineScenario s = EngineScenario.given(BRANCHES).started().succeeds("classify", 1, Map.of("weight", "small"));

        s.thenDispatched("quick").thenStep("deep", StepStatus.SKIPPED).thenStep("audit", StepStatus.SKIPPED);
        StepSkipped audit = s.events(StepSkipped.class).stream().filter(e -> e.stepId().equals("audit"))
                .findFirst().orElseThrow();
        assertThat(audit.reason()).isEqualTo("dead path: every dependency was skipped by a branch (deep)");
        assertThat(audit.branch()).isTrue();
        assertThat(audit.blocksDependents()).isFalse();

        s.succeeds("quick", 1, "gist").thenDispatched("report");
        s.succeeds("report", 1, "R").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("deep", "skipped", "quick", "completed", "audit",
                "skipped", "report", "R"));
    }

    @Test
    void aFailureStillBlocksItsDependentsWithoutEvaluatingTheirConditions() {
        EngineScenario s = EngineScenario.given("""
                name: blocked
                steps:
                  - { id: a, agent: w, retry: { max_attempts: 1 }, on_error: continue }
                  - { id: b, agent: w, depends_on: [a], when: "steps.a.output.ok" }
                  - { id: c, agent: w }
                """).started().fails("a", 1);

        StepSkipped b = s.events(StepSkipped.class).getFirst();
        assertThat(b.reason()).isEqualTo("dependency 'a' failed");
        assertThat(b.blocksDependents()).isTrue();
        assertThat(b.branch()).isFalse();
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheStepForGood() {
        EngineScenario s = EngineScenario.given("""
                name: broken-condition
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w, depends_on: [a], when: "steps.a.output.missing > 1", on_error: continue }
                  - { id: c, agent: w, depends_on: [b] }
                """).started().succeeds("a", 1, Map.of("v", 1L));

        s.thenEvents(TaskCompleted.class, StepFailed.class, EscalationRaised.class, StepSkipped.class,
                ExecutionCompleted.class);
        StepFailed failed = s.event(StepFailed.class);
        assertThat(failed.error().type()).isEqualTo("expression_error");
        assertThat(failed.error().message()).startsWith("steps.b.when: expression 'steps.a.output.missing > 1' failed");
        assertThat(failed.error().retryable()).isFalse();
        assertThat(s.effects(Effect.RecordDeadLetter.class)).as("no task, so no dead letter").isEmpty();
    }

    @Test
    void aConditionThatIsNotABoolFailsTheStepNamingTheType() {
        EngineScenario s = EngineScenario.given("""
                name: not-a-bool
                steps:
                  - { id: a, agent: w }
                  - { id: b, agent: w, depends_on: [a], when: "steps.a.output.v" }
                """).started().succeeds("a", 1, Map.of("v", "yes"));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().step("b").error().message())
                .isEqualTo("steps.b.when: expected the condition 'steps.a.output.v' to be a bool, but it is a "
                        + "string ('yes')");
    }

    @Test
    void aConditionOnAStepWithoutDependenciesIsEvaluatedAtTheStart() {
        EngineScenario s = EngineScenario.given("""
                name: at-start
                steps:
                  - { id: a, agent: w, when: "input.go" }
                  - { id: b, agent: w }
                """).startedWith(Map.of("go", false));

        s.thenDispatched("b").thenStep("a", StepStatus.SKIPPED);
        s.succeeds("b", 1, "B").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aPlainWorkflowEvaluatesNoConditionAtAll() {
        int[] conditions = {0};
        dev.weft.expr.CelExpressionEvaluator real = new dev.weft.expr.CelExpressionEvaluator();
        dev.weft.expr.ExpressionEvaluator counting = new dev.weft.expr.ExpressionEvaluator() {
            @Override
            public Object resolve(Object template, Map<String, Object> context) {
                return real.resolve(template, context);
            }

            @Override
            public Object evaluate(String expression, Map<String, Object> context) {
                conditions[0]++;
                return real.evaluate(expression, context);
            }
        };
        var definition = new dev.weft.definition.DefinitionParser().parse(FanOutFanInTest.FAN);
        Decider decider = new Decider(counting);
        ExecutionState state = decider.decide(definition, ExecutionState.EMPTY,
                new Command.StartExecution("ex", "t", Map.of(), null), EngineScenario.T0).state();
        for (String step : java.util.List.of("split", "a", "b", "c", "join")) {
            state = decider.decide(definition, state, new Command.RecordTaskResult(step, 1, "agent", true,
                    Map.of("parts", java.util.List.of(1L, 2L, 3L)), null), EngineScenario.T0).state();
        }

        assertThat(state.status()).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(conditions[0]).isZero();
    }
}
