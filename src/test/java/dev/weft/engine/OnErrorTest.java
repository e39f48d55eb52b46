package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OnErrorTest {

    /** a may fail; b needs a; c needs b; d is an independent branch. */
    private static String workflow(String onError) {
        return """
                name: on-error
                steps:
                  - id: a
                    agent: flaky
                    retry: { max_attempts: 1 }
                    on_error: %s
                  - id: b
                    agent: w
                    depends_on: [a]
                    input: { seen: "{{ steps.a.output }}", status: "{{ steps.a.status }}" }
                  - id: c
                    agent: w
                    depends_on: [b]
                  - id: d
                    agent: w
                output:
                  a: "{{ steps.a.status }}"
                  b: "{{ steps.b.status }}"
                  c: "{{ steps.c.status }}"
                  d: "{{ steps.d.output }}"
                """.formatted(onError);
    }

    @Test
    void onErrorFailEndsTheExecutionAndCancelsEveryOpenStep() {
        EngineScenario s = EngineScenario.given(workflow("fail")).started().fails("a", 1);

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class)
                .thenStatus(ExecutionStatus.FAILED)
                .thenStep("a", StepStatus.FAILED)
                .thenStep("b", StepStatus.CANCELLED).thenStep("c", StepStatus.CANCELLED)
                .thenStep("d", StepStatus.CANCELLED)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().error().type()).isEqualTo("agent_error");
    }

    @Test
    void onErrorSkipLetsDependentsRunAndSeeANullOutput() {
        EngineScenario s = EngineScenario.given(workflow("skip")).started().fails("a", 1);

        s.thenEvents(TaskFailed.class, StepSkipped.class, EscalationRaised.class, TaskDispatched.class)
                .thenDispatched("b").thenStep("a", StepStatus.SKIPPED);
        StepSkipped skipped = s.event(StepSkipped.class);
        assertThat(skipped.blocksDependents()).isFalse();
        assertThat(skipped.reason()).startsWith("on_error skip: agent_error");
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("seen", null);
        expected.put("status", "skipped");
        assertThat(s.dispatchedInput("b")).isEqualTo(expected);

        s.succeeds("b", 1, "B").succeeds("c", 1, "C").succeeds("d", 1, "D").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("a", "skipped", "b", "completed", "c", "completed",
                "d", "D"));
    }

    @Test
    void onErrorContinueSkipsDependentsTransitivelyWhileIndependentBranchesGoOn() {
        EngineScenario s = EngineScenario.given(workflow("continue")).started().fails("a", 1);

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, StepSkipped.class, StepSkipped.class)
                .thenStatus(ExecutionStatus.RUNNING)
                .thenStep("a", StepStatus.FAILED).thenStep("b", StepStatus.SKIPPED).thenStep("c", StepStatus.SKIPPED)
                .thenStep("d", StepStatus.RUNNING);
        assertThat(s.events(StepSkipped.class)).allMatch(StepSkipped::blocksDependents)
                .extracting(StepSkipped::reason)
                .containsExactly("dependency 'a' failed", "dependency 'b' skipped");

        s.succeeds("d", 1, "D");
        s.thenEvents(TaskCompleted.class, ExecutionCompleted.class).thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("a", "failed", "b", "skipped", "c", "skipped", "d", "D"));
    }

    @Test
    void onErrorContinueCompletesTheExecutionWhenTheFailureIsTheLastStepToEnd() {
        EngineScenario s = EngineScenario.given(workflow("continue")).started().succeeds("d", 1, "D").fails("a", 1);

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, StepSkipped.class, StepSkipped.class,
                ExecutionCompleted.class);
    }

    @Test
    void aStepSkippedByOnErrorSkipDoesNotBlockItsDependentsButAFailedOneDoes() {
        EngineScenario s = EngineScenario.given("""
                name: mixed
                steps:
                  - { id: tolerated, agent: w, retry: { max_attempts: 1 }, on_error: skip }
                  - { id: broken, agent: w, retry: { max_attempts: 1 }, on_error: continue }
                  - { id: after_tolerated, agent: w, depends_on: [tolerated] }
                  - { id: after_both, agent: w, depends_on: [tolerated, broken] }
                """).started().fails("tolerated", 1);
        s.thenDispatched("after_tolerated");

        s.fails("broken", 1).thenStep("after_both", StepStatus.SKIPPED);
        assertThat(s.event(StepSkipped.class).reason()).isEqualTo("dependency 'broken' failed");
    }
}
