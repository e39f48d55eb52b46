package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.StartExecution;
import dev.weft.engine.ExecutionEvent.ExecutionStarted;
import dev.weft.engine.ExecutionEvent.WorkflowChained;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shadow execution (ADR 0015) runs its steps as any other, but acts on none of its results: it
 * starts no chained or escalation workflow, and it says so in its history. Its rollout decision is
 * in its ExecutionStarted, so a replay (checked by every scenario) rebuilds it shadow again.
 */
class ShadowExecutionTest {
    static final RolloutDecision SHADOW = new RolloutDecision(true, "shadow", 100, 42, RolloutDecision.TENANT);
    static final String CHAINED = """
            name: research
            escalation: { workflow: page-someone }
            on_complete:
              - { workflow: publish }
            on_failure:
              - { workflow: clean-up }
            steps:
              - { id: a, agent: w, retry: { max_attempts: 1 }, on_error: fail }
            output: { title: "{{ steps.a.output.t }}" }
            """;

    private static EngineScenario startedInShadow() {
        return EngineScenario.given(CHAINED).when(new StartExecution("ex-1", "tenant-1", Map.of(), "request-1", null,
                null, null, SHADOW));
    }

    @Test
    void theStartRecordsTheRolloutDecisionAndTheStateIsShadow() {
        EngineScenario s = startedInShadow();

        assertThat(s.events(ExecutionStarted.class)).singleElement()
                .satisfies(e -> assertThat(e.rollout()).isEqualTo(SHADOW));
        assertThat(s.state().shadow()).isTrue();
        s.thenDispatched("a");
    }

    @Test
    void aCompletedShadowExecutionRecordsItsOutputButStartsNoChainedWorkflow() {
        EngineScenario s = startedInShadow().succeeds("a", 1, Map.of("t", "Tides"));

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("title", "Tides"));
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
        assertThat(s.events(WorkflowChained.class)).singleElement().satisfies(c -> {
            assertThat(c.workflow()).isEqualTo("publish");
            assertThat(c.refused()).isEqualTo(ChainRules.SHADOW_REFUSAL);
        });
    }

    @Test
    void aFailedShadowExecutionRaisesItsEscalationButStartsNeitherItsWorkflowNorItsChain() {
        EngineScenario s = startedInShadow().fails("a", 1);

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.events(ExecutionEvent.EscalationRaised.class)).hasSize(1);
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
    }

    @Test
    void anExecutionStartedWithoutADecisionRunsLiveAsBeforeTheFlag() {
        EngineScenario s = EngineScenario.given(CHAINED).started().succeeds("a", 1, Map.of("t", "x"));

        assertThat(s.state().shadow()).isFalse();
        assertThat(s.effects(Effect.StartWorkflow.class)).extracting(Effect.StartWorkflow::workflow)
                .containsExactly("publish");
    }
}
