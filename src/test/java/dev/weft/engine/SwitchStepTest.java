package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switch:} steps choose a case without an agent; guarded steps follow the choice. */
class SwitchStepTest {

    static String routed(String mode, String defaultCase) {
        String yaml = """
                name: routed
                steps:
                  - id: score
                    agent: scorer
                  - id: route
                    depends_on: [score]
                    switch:
                      mode: MODE
                      DEFAULT
                      cases:
                        - { name: deep, when: "steps.score.output.n > 10" }
                        - { name: medium, when: "steps.score.output.n > 5" }
                  - id: deep_dive
                    agent: researcher
                    depends_on: [route]
                    when: "steps.route.output.case == 'deep'"
                  - id: skim
                    agent: reader
                    depends_on: [route]
                    when: "'medium' in steps.route.output.cases"
                output: "{{ steps.route.output.cases }}"
                """.replace("MODE", mode).replace("DEFAULT", defaultCase == null ? "" : "default: " + defaultCase);
        // A guard on the default case, where there is one (a guard on a case nobody has is refused).
        return defaultCase == null ? yaml : yaml.replace("output:", """
                  - id: shrug
                    agent: reader
                    depends_on: [route]
                    when: "steps.route.output.case == 'DEFAULT'"
                output:""".replace("DEFAULT", defaultCase));
    }

    @Test
    void modeFirstChoosesTheFirstTrueCaseInsideTheDecisionWithoutATask() {
        EngineScenario s = EngineScenario.given(routed("first", "nothing")).started()
                .succeeds("score", 1, Map.of("n", 12L));

        s.thenEvents(TaskCompleted.class, StepReady.class, StepEvaluated.class, StepSkipped.class,
                StepSkipped.class, TaskDispatched.class).thenDispatched("deep_dive");
        StepEvaluated route = s.event(StepEvaluated.class);
        assertThat(route.kind()).isEqualTo("switch");
        // The history holds what decided it: the conditions evaluated, up to the first true one.
        assertThat(route.output()).isEqualTo(Map.of("case", "deep", "cases", List.of("deep"),
                "conditions", Map.of("deep", true)));
        assertThat(s.step("route").status()).isEqualTo(StepStatus.COMPLETED);
        assertThat(s.step("route").attempt()).isZero();
        assertThat(s.effects(Effect.DispatchTask.class)).noneMatch(t -> t.stepId().equals("route"));
        assertThat(s.state().tasksDispatched()).as("only score and deep_dive took tasks").isEqualTo(2);
    }

    @Test
    void modeAllChoosesEveryTrueCase() {
        EngineScenario s = EngineScenario.given(routed("all", null)).started().succeeds("score", 1, Map.of("n", 12L));

        s.thenDispatched("deep_dive", "skim");
        assertThat(s.step("route").output()).isEqualTo(Map.of("case", "deep", "cases", List.of("deep", "medium"),
                "conditions", Map.of("deep", true, "medium", true)));
    }

    @Test
    void theDefaultCaseIsChosenWhenNoConditionHolds() {
        EngineScenario s = EngineScenario.given(routed("first", "nothing")).started()
                .succeeds("score", 1, Map.of("n", 1L));

        s.thenDispatched("shrug").thenStep("deep_dive", StepStatus.SKIPPED).thenStep("skim", StepStatus.SKIPPED);
        assertThat(s.step("route").output()).isEqualTo(Map.of("case", "nothing", "cases", List.of("nothing"),
                "conditions", Map.of("deep", false, "medium", false)));
        s.succeeds("shrug", 1, "meh").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(List.of("nothing"));
    }

    @Test
    void withoutADefaultASwitchWhoseCasesAreAllFalseFailsWithNoCaseMatched() {
        EngineScenario s = EngineScenario.given(routed("first", null)).started().succeeds("score", 1, Map.of("n", 1L));

        s.thenStatus(ExecutionStatus.FAILED).thenStep("route", StepStatus.FAILED);
        assertThat(s.state().error().type()).isEqualTo("no_case_matched");
        assertThat(s.step("route").error().message()).isEqualTo("steps.route.switch: expected a true case or a "
                + "default, but every condition was false {deep=false, medium=false} and there is no default");
    }

    @Test
    void aCaseThatCannotBeEvaluatedFailsTheSwitchAndItsOnErrorDecides() {
        EngineScenario s = EngineScenario.given("""
                name: bad-case
                steps:
                  - { id: a, agent: w }
                  - id: route
                    depends_on: [a]
                    on_error: skip
                    switch: { cases: [{ name: x, when: "steps.a.output.n > 1" }], default: y }
                  - { id: after, agent: w, depends_on: [route] }
                """).started().succeeds("a", 1, "not an object");

        StepSkipped skipped = s.event(StepSkipped.class);
        assertThat(skipped.reason()).startsWith("on_error skip: expression_error: steps.route.switch.cases[0](x).when: ");
        s.thenDispatched("after");
    }

    @Test
    void anOperatorRetryOfAFailedSwitchDecidesItAgain() {
        EngineScenario s = EngineScenario.given("""
                name: retried-switch
                steps:
                  - { id: a, agent: w }
                  - id: route
                    depends_on: [a]
                    on_error: continue
                    switch: { cases: [{ name: x, when: "steps.a.output.n > 1" }] }
                  - { id: b, agent: w }
                """).started().succeeds("a", 1, Map.of("n", 0L)).thenStep("route", StepStatus.FAILED);

        s.when(new Command.RetryStep("route", null, "try again")).thenStep("route", StepStatus.FAILED);
        s.thenEvents(StepRetried.class, StepFailed.class, EscalationRaised.class);
    }
}
