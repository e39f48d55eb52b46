package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.*;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failure retries could not fix is escalated, listed with the dead letters, and may start a workflow. */
class EscalationTest {

    @Test
    void aStepThatFailsForGoodIsEscalatedAndListedAsADeadLetter() {
        EngineScenario s = EngineScenario.given("""
                name: plain
                steps: [ { id: a, agent: w, input: { q: 1 }, retry: { max_attempts: 1 } } ]
                """).started().fails("a", 1);

        EscalationRaised raised = s.event(EscalationRaised.class);
        assertThat(raised.stepId()).isEqualTo("a");
        assertThat(raised.workflow()).isNull();
        assertThat(s.effects(Effect.RecordDeadLetter.class)).singleElement().satisfies(d -> {
            assertThat(d.taskId()).isEqualTo("ex-1:a:1");
            assertThat(d.input()).isEqualTo(Map.of("q", 1L));
            assertThat(d.error().type()).isEqualTo("agent_error");
        });
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
    }

    @Test
    void anEscalationWorkflowStartsOncePerFailureWithTheFailureAsInput() {
        EngineScenario s = EngineScenario.given("""
                name: watched
                escalation: { workflow: page-someone }
                steps: [ { id: a, agent: w, retry: { max_attempts: 1 } } ]
                """).started().fails("a", 1);

        assertThat(s.event(EscalationRaised.class).workflow()).isEqualTo("page-someone");
        Effect.StartWorkflow start = s.effects(Effect.StartWorkflow.class).getFirst();
        assertThat(start.workflow()).isEqualTo("page-someone");
        assertThat(start.requestId()).isEqualTo("ex-1:escalation:a:1");
        assertThat(start.input()).containsEntry("execution_id", "ex-1").containsEntry("step_id", "a")
                .containsEntry("error", Map.of("type", "agent_error", "message", "boom (after 1 of 1 attempts)"));
    }

    @Test
    void aRecoveredFailureIsNotEscalated() {
        EngineScenario s = EngineScenario.given("""
                name: flaky
                steps: [ { id: a, agent: w, retry: { max_attempts: 2, backoff: immediate } } ]
                """).started().fails("a", 1).backoffEnds("a").succeeds("a", 2, "fine");

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.last().events()).noneMatch(e -> e instanceof EscalationRaised);
    }
}
