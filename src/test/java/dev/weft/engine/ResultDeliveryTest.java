package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.timerId;
import static org.assertj.core.api.Assertions.assertThat;

/** At-least-once delivery: duplicates and late results are normal and must change nothing wrongly. */
class ResultDeliveryTest {
    static final String TWO = """
            name: two
            steps:
              - id: a
                agent: w
                timeout: 10s
                retry: { max_attempts: 3, backoff: fixed, initial_interval: 5s }
              - id: b
                agent: w
                depends_on: [a]
                input: "{{ steps.a.output }}"
            """;

    @Test
    void aDuplicateSuccessIsRecordedAndIgnored() {
        EngineScenario s = EngineScenario.given(TWO).started().succeeds("a", 1, "first").succeeds("a", 1, "again");

        s.thenEvents(ResultIgnored.class);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("duplicate result");
        assertThat(s.event(ResultIgnored.class).taskId()).isEqualTo("ex-1:a:1");
        assertThat(s.step("a").output()).isEqualTo("first");
        assertThat(s.state().tasksDispatched()).isEqualTo(2);
    }

    @Test
    void aDuplicateFailureDoesNotCountAsASecondFailure() {
        EngineScenario s = EngineScenario.given(TWO).started().fails("a", 1).fails("a", 1);

        s.thenEvents(ResultIgnored.class).thenStep("a", StepStatus.RETRY_WAIT);
        assertThat(s.effects(Effect.StartTimer.class)).isEmpty();
    }

    @Test
    void aLateSuccessDuringTheBackoffCompletesTheStepAndDropsTheRetry() {
        EngineScenario s = EngineScenario.given(TWO).started().deadlinePasses("a")
                .after(Duration.ofSeconds(2)).succeeds("a", 1, "late but good");

        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("b")
                .thenStep("a", StepStatus.COMPLETED)
                .thenEffectsInclude(new Effect.CancelTimer(timerId(TimerKind.RETRY_BACKOFF, "a", 2)));
        assertThat(s.dispatchedInput("b")).isEqualTo("late but good");

        s.backoffEnds("a");
        assertThat(s.last().events()).isEmpty();
    }

    @Test
    void aLateSuccessOfTheFirstAttemptWinsOverTheRunningRetry() {
        EngineScenario s = EngineScenario.given(TWO).started().deadlinePasses("a").backoffEnds("a")
                .succeeds("a", 1, "from attempt 1");

        s.thenEvents(TaskCompleted.class, TaskDispatched.class)
                .thenEffectsInclude(new Effect.CancelTimer(timerId(TimerKind.TASK_DEADLINE, "a", 2)));
        assertThat(s.event(TaskCompleted.class).attempt()).isEqualTo(1);
        assertThat(s.step("a").output()).isEqualTo("from attempt 1");
        assertThat(s.step("a").attempt()).as("the step shows the attempt that completed it").isEqualTo(1);
        assertThat(s.step("a").taskId()).isEqualTo("ex-1:a:1");

        // The retry's own answer comes too late to change anything.
        s.succeeds("a", 2, "from attempt 2").thenEvents(ResultIgnored.class);
        assertThat(s.step("a").output()).isEqualTo("from attempt 1");
    }

    @Test
    void theAuditTellsTheWinnersDuplicateFromTheLosersAnswer() {
        EngineScenario s = EngineScenario.given(TWO).started().deadlinePasses("a").backoffEnds("a")
                .succeeds("a", 1, "from attempt 1");

        s.succeeds("a", 2, "from attempt 2");
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("step already COMPLETED");
        s.succeeds("a", 1, "from attempt 1");
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("duplicate result");
        assertThat(s.step("a").taskId()).as("the task whose result completed the step").isEqualTo("ex-1:a:1");
        assertThat(s.step("a").attempt()).as("the attempt whose result the step shows").isEqualTo(1);
        assertThat(s.state().tasksDispatched()).as("tasks dispatched: a twice, then b").isEqualTo(3);
    }

    @Test
    void aLateSuccessWhileTheRetryWaitsForASlotCompletesTheStepWithoutADispatch() {
        EngineScenario s = EngineScenario.given("""
                name: one-slot
                limits: { max_parallel: 1 }
                steps:
                  - { id: a, agent: w, timeout: 10s, retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s } }
                  - { id: other, agent: w }
                """).started().deadlinePasses("a");
        s.thenDispatched("other");
        s.backoffEnds("a").thenEvents(StepReady.class).thenStep("a", StepStatus.READY);

        s.succeeds("a", 1, "late");
        s.thenEvents(TaskCompleted.class).thenStep("a", StepStatus.COMPLETED).thenDispatched();
        assertThat(s.state().tasksDispatched()).isEqualTo(2);
        s.succeeds("other", 1, "O").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aLateFailureOfASupersededAttemptIsIgnored() {
        EngineScenario s = EngineScenario.given(TWO).started().deadlinePasses("a").backoffEnds("a").fails("a", 1);

        s.thenEvents(ResultIgnored.class).thenStep("a", StepStatus.RUNNING);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("late failure of superseded attempt 1");
        assertThat(s.step("a").attempt()).isEqualTo(2);
        assertThat(s.step("a").error().type()).isEqualTo("task_timeout");
    }

    @Test
    void resultsAfterTheExecutionEndedAreIgnored() {
        EngineScenario s = EngineScenario.given(TWO).started().cancelled("stop");

        s.succeeds("a", 1, "too late").thenEvents(ResultIgnored.class).thenStep("a", StepStatus.CANCELLED);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("execution already CANCELLED");
        s.fails("a", 1).thenEvents(ResultIgnored.class);
        assertThat(s.last().effects()).isEmpty();
    }

    @Test
    void resultsForAttemptsNeverDispatchedOrUnknownStepsAreIgnored() {
        EngineScenario s = EngineScenario.given(TWO).started();

        s.succeeds("a", 2, "from the future").thenEvents(ResultIgnored.class);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("attempt 2 was never dispatched");
        s.succeeds("b", 1, "not yet").thenEvents(ResultIgnored.class).thenStep("b", StepStatus.PENDING);
        s.succeeds("a", 0, "zero").thenEvents(ResultIgnored.class);
        s.succeeds("nope", 1, "?").thenEvents(ResultIgnored.class);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("unknown step");
    }

    @Test
    void aResultForAStepThatFailedIsIgnored() {
        EngineScenario s = EngineScenario.given("""
                name: one
                steps: [ { id: a, agent: w, retry: { max_attempts: 1 }, on_error: continue }, { id: z, agent: w } ]
                """).started().deadlinePasses("a").succeeds("a", 1, "too late");

        s.thenEvents(ResultIgnored.class).thenStep("a", StepStatus.FAILED);
        assertThat(s.event(ResultIgnored.class).reason()).isEqualTo("step already FAILED");
    }

    @Test
    void anIgnoredFailureKeepsWhatTheAgentSaidInTheHistory() {
        EngineScenario s = EngineScenario.given(TWO).started().succeeds("a", 1, "ok")
                .fails("a", 1, new ErrorInfo("result_unreadable", "not JSON", true));

        s.thenEvents(ResultIgnored.class);
        assertThat(s.event(ResultIgnored.class).error()).isEqualTo(new ErrorInfo("result_unreadable", "not JSON", true));
    }

    @Test
    void aFloodOfIgnoredResultsIsRecordedOnlyUpToTheBound() {
        EngineScenario s = EngineScenario.given(TWO).started().succeeds("a", 1, "first");
        for (int i = 0; i < ResultRules.MAX_IGNORED_RECORDED; i++) {
            s.succeeds("a", 1, "again");
        }
        assertThat(s.event(ResultIgnored.class).reason()).contains("the last ignored result recorded");

        s.succeeds("a", 1, "and again").thenNothingHappens();
        assertThat(s.state().ignoredResults()).isEqualTo(ResultRules.MAX_IGNORED_RECORDED);
    }
}
