package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.FallbackStarted;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A step with {@code fallback:} that fails for good runs its fallback task instead of its on_error:
 * the fallback's output takes the step's place, its failure lets on_error decide, and the history
 * records both.
 */
class FallbackTest {
    static final String WORKFLOW = """
            name: summarise
            steps:
              - id: summary
                agent: premium-llm
                input: { text: "{{ input.text }}" }
                retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s }
                fallback: { agent: cheap-llm, input: { text: "{{ input.text }}", because: "{{ error.type }}" } }
              - { id: publish, agent: echo, depends_on: [summary], input: { s: "{{ steps.summary.output.s }}" } }
            output: "{{ steps.publish.output.s }}"
            """;

    private static EngineScenario primaryFailedForGood() {
        return EngineScenario.given(WORKFLOW).startedWith(Map.of("text", "tides"))
                .fails("summary", 1).backoffEnds("summary").fails("summary", 2);
    }

    @Test
    void aStepThatFailsForGoodDispatchesItsFallbackWithTheErrorInScope() {
        EngineScenario s = primaryFailedForGood();

        FallbackStarted started = s.event(FallbackStarted.class);
        assertThat(started.agent()).isEqualTo("cheap-llm");
        assertThat(started.error().type()).isEqualTo("agent_error");
        assertThat(started.error().message()).contains("boom", "after 2 of 2 attempts");
        Effect.DispatchTask task = s.effects(Effect.DispatchTask.class).getFirst();
        assertThat(task.agent()).isEqualTo("cheap-llm");
        assertThat(task.attempt()).isEqualTo(3);
        assertThat(task.input()).isEqualTo(Map.of("text", "tides", "because", "agent_error"));
        s.thenStep("summary", StepStatus.RUNNING);
        assertThat(s.state().step("summary").inFallback()).isTrue();
        assertThat(s.effects(Effect.RecordDeadLetter.class)).as("nothing is lost while the fallback may still do it")
                .isEmpty();
        assertThat(s.state().status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void theFallbacksOutputTakesTheStepsPlace() {
        EngineScenario s = primaryFailedForGood().succeeds("summary", 3, Map.of("s", "short"));

        s.thenStep("summary", StepStatus.COMPLETED).thenDispatched("publish");
        assertThat(s.dispatchedInput("publish")).isEqualTo(Map.of("s", "short"));
    }

    @Test
    void theFallbackGetsAFreshRetryBudgetThenTheStepsOnErrorDecides() {
        EngineScenario s = primaryFailedForGood().fails("summary", 3);
        s.thenStep("summary", StepStatus.RETRY_WAIT);

        s.backoffEnds("summary").fails("summary", 4);

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().step("summary").error().message())
                .startsWith("its fallback (agent 'cheap-llm') failed too: boom");
        assertThat(s.effects(Effect.RecordDeadLetter.class)).singleElement()
                .satisfies(f -> assertThat(f.taskId()).isEqualTo("ex-1:summary:4"));
        assertThat(s.history()).filteredOn(e -> e instanceof FallbackStarted).hasSize(1);
    }

    @Test
    void aStepWhoseCapabilityIsRefusedFallsBackToo() {
        EngineScenario s = EngineScenario.given("""
                name: open-circuit
                steps:
                  - id: a
                    agent: flaky-api
                    on_circuit_open: fail
                    fallback: { agent: backup-api, input: { why: "{{ error.message }}" } }
                """).circuitOpensFor("flaky-api").started();

        assertThat(s.event(FallbackStarted.class).error().type()).isEqualTo("circuit_open");
        s.thenDispatched("a");
        assertThat(s.effects(Effect.DispatchTask.class).getFirst().agent()).isEqualTo("backup-api");
    }
}
