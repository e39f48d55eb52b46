package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.DiscardDeadLetter;
import dev.weft.engine.Command.RetryStep;
import dev.weft.engine.ExecutionEvent.*;
import org.junit.jupiter.api.Test;

/** An operator replays a failure: a failed run reopens from its failed step; a running one retries it. */
class OperatorRetryTest {
    static final String CHAIN = """
            name: chain
            steps:
              - { id: a, agent: w, retry: { max_attempts: 1 } }
              - { id: b, agent: w, depends_on: [a], retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s } }
              - { id: c, agent: w, depends_on: [b] }
            """;

    @Test
    void aFailedExecutionReopensFromItsFailedStepWithAFreshBudgetAndANewDeadline() {
        EngineScenario s = EngineScenario.given(CHAIN).started().succeeds("a", 1, "x").fails("b", 1)
                .backoffEnds("b").fails("b", 2).thenStatus(ExecutionStatus.FAILED);

        s.when(new RetryStep("b", 42L, "fixed the agent"));

        s.thenEvents(ExecutionReopened.class, TaskDispatched.class).thenStatus(ExecutionStatus.RUNNING)
                .thenDispatched("b").thenStep("c", StepStatus.PENDING);
        assertThat(s.step("b").attempt()).isEqualTo(3);
        assertThat(s.step("b").attemptsCounted()).isEqualTo(1);
        assertThat(s.event(ExecutionReopened.class).deadline()).isEqualTo(s.now().plus(java.time.Duration.ofHours(24)));
        s.thenEffectsInclude(new Effect.ResolveDeadLetter(42L, Effect.Resolution.REPLAYED, "fixed the agent"));
        assertThat(s.effects(Effect.StartTimer.class)).anyMatch(t -> t.kind() == TimerKind.WORKFLOW_DEADLINE);

        s.succeeds("b", 3, "y").succeeds("c", 1, "z").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aStepThatFailedUnderOnErrorContinueRunsAgainAndItsSkippedDependentsWaitAgain() {
        EngineScenario s = EngineScenario.given("""
                name: branches
                steps:
                  - { id: a, agent: w, retry: { max_attempts: 1 }, on_error: continue }
                  - { id: b, agent: w, depends_on: [a] }
                  - { id: c, agent: w, depends_on: [b] }
                  - { id: slow, agent: w }
                """).started().fails("a", 1).thenStep("c", StepStatus.SKIPPED).thenStatus(ExecutionStatus.RUNNING);

        s.when(new RetryStep("a", null, null));

        s.thenEvents(StepRetried.class, StepReset.class, StepReset.class, TaskDispatched.class)
                .thenStep("b", StepStatus.PENDING).thenStep("c", StepStatus.PENDING).thenDispatched("a");
        s.succeeds("a", 2, 1).succeeds("b", 1, 2).succeeds("c", 1, 3).succeeds("slow", 1, 4)
                .thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aStepWaitingForItsBackoffIsRetriedAtOnce() {
        EngineScenario s = EngineScenario.given(CHAIN).started().succeeds("a", 1, "x").fails("b", 1)
                .thenStep("b", StepStatus.RETRY_WAIT);

        s.when(new RetryStep("b", null, "now, please"));

        s.thenEvents(StepRetried.class, TaskDispatched.class)
                .thenEffectsInclude(new Effect.CancelTimer(EngineScenario.timerId(TimerKind.RETRY_BACKOFF, "b", 2)));
    }

    @Test
    void aCompletedExecutionOrARunningStepIsNeverRetried() {
        EngineScenario running = EngineScenario.given(CHAIN).started();
        running.rejects(new RetryStep("a", null, null)).rejects(new RetryStep("nope", null, null));

        EngineScenario done = EngineScenario.given("""
                name: done
                steps: [ { id: a, agent: w, retry: { max_attempts: 1 }, on_error: continue } ]
                """).started().fails("a", 1).thenStatus(ExecutionStatus.COMPLETED);
        done.rejects(new RetryStep("a", null, null));
    }

    @Test
    void aDiscardedDeadLetterIsRecordedEvenAfterTheEnd() {
        EngineScenario s = EngineScenario.given(CHAIN).started().fails("a", 1).thenStatus(ExecutionStatus.FAILED);

        s.when(new DiscardDeadLetter(7, "not worth it"));

        s.thenEvents(DeadLetterDiscarded.class).thenStatus(ExecutionStatus.FAILED)
                .thenEffectsInclude(new Effect.ResolveDeadLetter(7, Effect.Resolution.DISCARDED, "not worth it"));
    }
}
