package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaxParallelTest {
    static final String FOUR_AT_ONCE = """
            name: four
            limits: { max_parallel: 2 }
            steps:
              - { id: a, agent: w }
              - { id: b, agent: w }
              - { id: c, agent: w }
              - { id: d, agent: w }
            """;

    /** x is written first but becomes ready after y; with one slot, y (ready earlier) goes first. */
    static final String READY_ORDER = """
            name: order
            limits: { max_parallel: 1 }
            steps:
              - { id: x, agent: w, depends_on: [a] }
              - { id: b, agent: w }
              - { id: a, agent: w }
              - { id: y, agent: w }
            """;

    @Test
    void readyStepsBeyondTheLimitWaitForAFreeSlot() {
        EngineScenario s = EngineScenario.given(FOUR_AT_ONCE).started();

        s.thenDispatched("a", "b").thenStep("c", StepStatus.READY).thenStep("d", StepStatus.READY);
        assertThat(s.state().countSteps(StepStatus.RUNNING)).isEqualTo(2);
    }

    @Test
    void eachEndedTaskFreesOneSlot() {
        EngineScenario s = EngineScenario.given(FOUR_AT_ONCE).started();

        s.succeeds("b", 1, "B").thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("c");
        s.succeeds("a", 1, "A").thenDispatched("d");
        s.succeeds("c", 1, "C").thenEvents(TaskCompleted.class);
        s.succeeds("d", 1, "D").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aStepWaitingForItsBackoffDoesNotHoldASlot() {
        EngineScenario s = EngineScenario.given(FOUR_AT_ONCE).started();

        s.fails("a", 1);
        s.thenEvents(TaskFailed.class, RetryScheduled.class, TaskDispatched.class).thenDispatched("c")
                .thenStep("a", StepStatus.RETRY_WAIT);
    }

    @Test
    void aRetryDueWhileTheSlotsAreTakenWaitsBehindStepsThatWereReadyBefore() {
        EngineScenario s = EngineScenario.given(FOUR_AT_ONCE).started().fails("a", 1);
        s.thenDispatched("c");
        s.backoffEnds("a").thenEvents(StepReady.class).thenStep("a", StepStatus.READY);

        // d has been ready since the start, a only since its backoff ended.
        s.succeeds("b", 1, "B").thenDispatched("d");
        s.succeeds("c", 1, "C").thenDispatched("a");
        assertThat(s.step("a").attempt()).isEqualTo(2);
    }

    @Test
    void readyStepsGoOutOldestFirstThenInDefinitionOrder() {
        EngineScenario s = EngineScenario.given(READY_ORDER).started();
        // b and a and y are ready at once: definition order decides.
        s.thenDispatched("b");

        s.after(Duration.ofSeconds(1)).succeeds("b", 1, "B").thenDispatched("a");
        s.after(Duration.ofSeconds(1)).succeeds("a", 1, "A");
        // x became ready now, y at the start: y goes first although x is written first.
        s.thenEvents(TaskCompleted.class, StepReady.class, TaskDispatched.class).thenDispatched("y")
                .thenStep("x", StepStatus.READY);

        s.succeeds("y", 1, "Y").thenDispatched("x");
    }
}
