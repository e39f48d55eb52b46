package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.StartExecution;
import dev.weft.engine.ExecutionEvent.WorkflowChained;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An execution that ends starts the workflows chained to that end, once each, with mapped input. */
class ChainingTest {
    static final String CHAINED = """
            name: research
            on_complete:
              - { workflow: publish, input: { title: "{{ output.title }}", by: "{{ execution.workflow }}" } }
              - { workflow: archive }
            on_failure:
              - { workflow: page-someone, input: { why: "{{ error.type + ': ' + error.message }}", n: "{{ input.n }}" } }
            steps:
              - { id: a, agent: w, retry: { max_attempts: 1 } }
            output: { title: "{{ steps.a.output.t }}" }
            """;

    @Test
    void aCompletedExecutionStartsItsOnCompleteWorkflowsWithTheirMappedInput() {
        EngineScenario s = EngineScenario.given(CHAINED).started().succeeds("a", 1, Map.of("t", "Tides"));

        s.thenStatus(ExecutionStatus.COMPLETED);
        long end = s.state().sequence() - 2; // the completion, before the two chain events
        assertThat(s.events(WorkflowChained.class)).extracting(WorkflowChained::workflow)
                .containsExactly("publish", "archive");
        assertThat(s.effects(Effect.StartWorkflow.class)).containsExactly(
                new Effect.StartWorkflow("publish", Map.of("title", "Tides", "by", "research"),
                        "chain:1:ex-1:on_complete:" + end + ":0"),
                new Effect.StartWorkflow("archive", Map.of("execution_id", "ex-1", "workflow", "research",
                        "output", Map.of("title", "Tides")), "chain:1:ex-1:on_complete:" + end + ":1"));
    }

    @Test
    void aFailedExecutionStartsItsOnFailureWorkflowsWithTheError() {
        EngineScenario s = EngineScenario.given(CHAINED).startedWith(Map.of("n", 7L)).fails("a", 1);

        s.thenStatus(ExecutionStatus.FAILED);
        Effect.StartWorkflow start = s.effects(Effect.StartWorkflow.class).getFirst();
        assertThat(start.workflow()).isEqualTo("page-someone");
        assertThat(start.input()).isEqualTo(Map.of("why",
                "agent_error: step 'a' failed: boom (after 1 of 1 attempts)", "n", 7L));
        assertThat(s.events(WorkflowChained.class)).singleElement().satisfies(c -> {
            assertThat(c.on()).isEqualTo("on_failure");
            assertThat(c.refused()).isNull();
            assertThat(c.input()).isEqualTo(start.input());
        });
    }

    @Test
    void aTimedOutExecutionCountsAsAFailure() {
        EngineScenario s = EngineScenario.given(CHAINED).startedWith(Map.of("n", 1L))
                .after(java.time.Duration.ofDays(1)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0);

        s.thenStatus(ExecutionStatus.TIMED_OUT);
        assertThat(s.effects(Effect.StartWorkflow.class)).extracting(Effect.StartWorkflow::workflow)
                .containsExactly("page-someone");
    }

    @Test
    void aCancelledExecutionChainsNothing() {
        EngineScenario s = EngineScenario.given(CHAINED).started().cancelled("not needed");

        assertThat(s.events(WorkflowChained.class)).isEmpty();
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
    }

    @Test
    void laterDecisionsOfAnEndedExecutionDoNotChainAgain() {
        EngineScenario s = EngineScenario.given(CHAINED).started().succeeds("a", 1, Map.of("t", "x"))
                .succeeds("a", 1, Map.of("t", "x"));

        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
    }

    @Test
    void aChainTenDeepIsTakenForACycleAndStartsNothing() {
        EngineScenario s = EngineScenario.given(CHAINED)
                .when(new StartExecution("ex-1", "tenant-1", Map.of(), "chain:10:ex-0:on_complete:5:0"))
                .succeeds("a", 1, Map.of("t", "x"));

        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
        assertThat(s.events(WorkflowChained.class)).allSatisfy(c -> {
            assertThat(c.refused()).contains("10 workflows deep");
            assertThat(c.requestId()).startsWith("chain:11:");
        });
    }

    @Test
    void aChainedExecutionChainsOneLevelDeeper() {
        EngineScenario s = EngineScenario.given(CHAINED)
                .when(new StartExecution("ex-1", "tenant-1", Map.of(), "chain:3:ex-0:on_complete:5:0"))
                .succeeds("a", 1, Map.of("t", "x"));

        assertThat(s.effects(Effect.StartWorkflow.class)).allSatisfy(w -> assertThat(w.requestId())
                .startsWith("chain:4:ex-1:"));
    }

    @Test
    void anInputThatCannotBeEvaluatedIsRecordedAndStartsNothing() {
        EngineScenario s = EngineScenario.given("""
                name: research
                on_complete: [ { workflow: publish, input: { t: "{{ output.missing.deeper }}" } } ]
                steps: [ { id: a, agent: w } ]
                output: { title: "x" }
                """).started().succeeds("a", 1, "done");

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
        assertThat(s.event(WorkflowChained.class).refused()).startsWith("on_complete[0].input: ");
    }
}
