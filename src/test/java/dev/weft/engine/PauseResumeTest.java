package dev.weft.engine;

import dev.weft.engine.Command.*;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.T0;
import static dev.weft.engine.EngineScenario.timerId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pause and resume over histories (ADR 0006): nothing is dispatched while paused, what is in
 * flight is recorded, timers that fall due wait for the resume and fire then, in order.
 * {@link EngineScenario} replays every history after each decision, so each test also proves
 * that replay rebuilds the paused state, deferred timers included.
 */
class PauseResumeTest {
    /** a, then b behind it; c beside them with a retry and a short deadline. */
    static final String FLOW = """
            name: pausable
            limits: { timeout: 10m }
            steps:
              - { id: a, agent: w }
              - { id: b, agent: w, depends_on: [a], input: "{{ steps.a.output }}" }
              - id: c
                agent: w
                timeout: 30s
                retry: { max_attempts: 3, backoff: fixed, initial_interval: 10s }
            """;

    private static EngineScenario pausedMidway() {
        return EngineScenario.given(FLOW).started().thenDispatched("a", "c")
                .after(Duration.ofSeconds(1)).paused("maintenance of the w agents");
    }

    @Test
    void pausingRecordsWhoAskedAndWhyAndChangesNoStep() {
        EngineScenario s = pausedMidway();

        s.thenEvents(ExecutionPaused.class).thenStatus(ExecutionStatus.PAUSED)
                .thenStep("a", StepStatus.RUNNING).thenStep("b", StepStatus.PENDING).thenStep("c", StepStatus.RUNNING)
                .thenEffectsInclude(new Effect.CancelTimer(timerId(TimerKind.WORKFLOW_DEADLINE, null, 0)));
        assertThat(s.event(ExecutionPaused.class).requestedBy()).isEqualTo("alice");
        assertThat(s.state().pause()).isEqualTo(new Pause(T0.plusSeconds(1), "maintenance of the w agents", "alice",
                List.of()));
        assertThat(s.state().isTerminal()).as("paused is alive").isFalse();
    }

    @Test
    void aResultInFlightIsRecordedWhilePausedButTheNextStepStaysReady() {
        EngineScenario s = pausedMidway().succeeds("a", 1, "A");

        s.thenEvents(TaskCompleted.class, StepReady.class).thenDispatched()
                .thenStep("a", StepStatus.COMPLETED).thenStep("b", StepStatus.READY)
                .thenStatus(ExecutionStatus.PAUSED);
    }

    @Test
    void resumingDispatchesWhatBecameReadyWhilePaused() {
        EngineScenario s = pausedMidway().succeeds("a", 1, "A").after(Duration.ofMinutes(5)).resumed("agents back");

        s.thenEvents(ExecutionResumed.class, TaskDispatched.class).thenDispatched("b")
                .thenStatus(ExecutionStatus.RUNNING);
        assertThat(s.dispatchedInput("b")).isEqualTo("A");
        assertThat(s.event(ExecutionResumed.class).requestedBy()).isEqualTo("bob");
        assertThat(s.state().pause()).isNull();
    }

    @Test
    void aFailureInFlightSchedulesItsRetryWhosebackoffWaitsForTheResume() {
        EngineScenario s = pausedMidway().fails("c", 1);
        s.thenEvents(TaskFailed.class, RetryScheduled.class).thenStep("c", StepStatus.RETRY_WAIT);

        s.backoffEnds("c").thenEvents(TimerDeferred.class).thenDispatched().thenStep("c", StepStatus.RETRY_WAIT);
        assertThat(s.state().pause().deferred())
                .containsExactly(new Pause.DeferredTimer(TimerKind.RETRY_BACKOFF, "c", 2));

        s.after(Duration.ofMinutes(1)).resumed("go on");
        s.thenEvents(ExecutionResumed.class, TaskDispatched.class).thenDispatched("c");
        assertThat(s.step("c").attempt()).isEqualTo(2);
        assertThat(s.state().pause()).isNull();
    }

    @Test
    void aTaskDeadlineThatPassesWhilePausedTimesTheAttemptOutOnResume() {
        EngineScenario s = pausedMidway().deadlinePasses("c");
        s.thenEvents(TimerDeferred.class).thenStep("c", StepStatus.RUNNING);

        s.after(Duration.ofMinutes(2)).resumed("go on");
        s.thenEvents(ExecutionResumed.class, TaskTimedOut.class, RetryScheduled.class)
                .thenStep("c", StepStatus.RETRY_WAIT);
        assertThat(s.event(RetryScheduled.class).dueAt()).as("the backoff counts from the resume")
                .isEqualTo(s.now().plusSeconds(10));
    }

    @Test
    void aResultThatArrivesAfterItsDeadlineButBeforeTheResumeStillCompletesTheStep() {
        EngineScenario s = pausedMidway().deadlinePasses("c").after(Duration.ofSeconds(5)).succeeds("c", 1, "C");
        s.thenEvents(TaskCompleted.class).thenStep("c", StepStatus.COMPLETED);

        s.resumed("go on").thenEvents(ExecutionResumed.class).thenStep("c", StepStatus.COMPLETED);
    }

    @Test
    void deferredTimersFireInTheOrderTheyCameDue() {
        EngineScenario s = pausedMidway().fails("c", 1).backoffEnds("c")
                .timerFires(TimerKind.TASK_DEADLINE, "a", 1);
        assertThat(s.state().pause().deferred()).containsExactly(
                new Pause.DeferredTimer(TimerKind.RETRY_BACKOFF, "c", 2),
                new Pause.DeferredTimer(TimerKind.TASK_DEADLINE, "a", 1));

        s.resumed("go on");
        s.thenEvents(ExecutionResumed.class, TaskTimedOut.class, RetryScheduled.class,
                TaskDispatched.class).thenDispatched("c");
    }

    @Test
    void aTimerThatFiresTwiceWhilePausedIsDeferredOnce() {
        EngineScenario s = pausedMidway().deadlinePasses("c").deadlinePasses("c");

        s.thenNothingHappens();
        assertThat(s.state().pause().deferred()).hasSize(1);
    }

    @Test
    void thePauseDoesNotCountAgainstTheWorkflowTimeout() {
        EngineScenario s = pausedMidway().after(Duration.ofHours(3)).resumed("after the outage");

        ExecutionResumed resumed = s.event(ExecutionResumed.class);
        assertThat(resumed.deadline()).isEqualTo(T0.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(3)));
        assertThat(s.state().deadline()).isEqualTo(resumed.deadline());
        s.thenEffectsInclude(new Effect.StartTimer(timerId(TimerKind.WORKFLOW_DEADLINE, null, 0),
                TimerKind.WORKFLOW_DEADLINE, null, 0, resumed.deadline()));
        s.thenStatus(ExecutionStatus.RUNNING);
    }

    @Test
    void aWorkflowDeadlineThatRacedThePauseIsDroppedOnResumeForTheMovedOne() {
        EngineScenario s = pausedMidway().after(Duration.ofMinutes(10)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0);
        s.thenEvents(TimerDeferred.class).thenStatus(ExecutionStatus.PAUSED);

        s.after(Duration.ofMinutes(1)).resumed("go on");
        s.thenEvents(ExecutionResumed.class).thenStatus(ExecutionStatus.RUNNING);

        s.after(Duration.ofMinutes(20)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0);
        s.thenEvents(ExecutionTimedOut.class).thenStatus(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void aTimerOfTheOldDeadlineThatFiresAfterTheResumeReArmsTheMovedOne() {
        EngineScenario s = pausedMidway().after(Duration.ofHours(1)).resumed("go on");
        Instant moved = s.event(ExecutionResumed.class).deadline();

        // The old deadline (10 min from the start) has passed; the moved one (an hour later) has not.
        s.after(Duration.ofMinutes(5)).timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0);
        s.thenEvents().thenStatus(ExecutionStatus.RUNNING).thenEffectsInclude(new Effect.StartTimer(
                timerId(TimerKind.WORKFLOW_DEADLINE, null, 0), TimerKind.WORKFLOW_DEADLINE, null, 0, moved));
    }

    @Test
    void whenTheLastTaskInFlightEndsWhilePausedTheExecutionCompletes() {
        EngineScenario s = EngineScenario.given("""
                name: single
                steps:
                  - { id: only, agent: w }
                output: { v: "{{ steps.only.output }}" }
                """).started().paused("hold on").succeeds("only", 1, "done");

        s.thenEvents(TaskCompleted.class, ExecutionCompleted.class).thenStatus(ExecutionStatus.COMPLETED)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().pause()).isNull();
    }

    @Test
    void aStepThatFailsForGoodWhilePausedFailsTheExecution() {
        EngineScenario s = pausedMidway().fails("a", 1, new ErrorInfo("fatal", "cannot", false));

        s.thenStatus(ExecutionStatus.FAILED).thenStep("b", StepStatus.CANCELLED).thenStep("c", StepStatus.CANCELLED);
    }

    @Test
    void cancellingAPausedExecutionEndsIt() {
        EngineScenario s = pausedMidway().fails("c", 1).backoffEnds("c").cancelled("not needed any more");

        s.thenEvents(ExecutionCancelled.class).thenStatus(ExecutionStatus.CANCELLED)
                .thenEffectsInclude(new Effect.CancelAllTimers());
        assertThat(s.state().steps().values()).allMatch(step -> step.status().isEnded());
        assertThat(s.state().pause()).isNull();
    }

    @Test
    void heldStepsReleasedWhilePausedWaitForTheResume() {
        EngineScenario s = EngineScenario.given(FLOW).started().succeeds("c", 1, "C").circuitOpens()
                .succeeds("a", 1, "A").thenStep("b", StepStatus.HELD)
                .paused("hold on").circuitCloses("w");

        s.thenEvents(TaskReleased.class).thenDispatched().thenStep("b", StepStatus.READY);
        s.resumed("go on").thenDispatched("b");
    }

    @Test
    void anOperatorRetryWhilePausedWaitsForTheResume() {
        EngineScenario s = pausedMidway().fails("c", 1).when(new RetryStep("c", null, "now"));

        s.thenEvents(StepRetried.class).thenDispatched().thenStep("c", StepStatus.READY)
                .thenEffectsInclude(new Effect.CancelTimer(timerId(TimerKind.RETRY_BACKOFF, "c", 2)));
        s.resumed("go on").thenDispatched("c");
    }

    @Test
    void pausingTwiceOrAnEndedExecutionIsRefused() {
        pausedMidway().rejects(new PauseExecution("again", null),
                "Expected a running execution to pause, but it is already PAUSED");
        EngineScenario.given(FLOW).started().cancelled("stop").rejects(new PauseExecution("late", null),
                "Expected a running execution to pause, but it is CANCELLED");
    }

    @Test
    void resumingAnExecutionThatIsNotPausedIsRefused() {
        EngineScenario.given(FLOW).started().rejects(new ResumeExecution("go", null),
                "Expected a paused execution to resume, but it is RUNNING");
        pausedMidway().cancelled("stop").rejects(new ResumeExecution("go", null),
                "Expected a paused execution to resume, but it is CANCELLED");
    }

    @Test
    void withoutAReasonThePauseAndTheResumeSayTheyWereRequested() {
        EngineScenario s = EngineScenario.given(FLOW).started().when(new PauseExecution(" ", null));
        assertThat(s.event(ExecutionPaused.class).reason()).isEqualTo("paused by request");
        assertThat(s.event(ExecutionPaused.class).requestedBy()).isNull();

        s.when(new ResumeExecution(null, null));
        assertThat(s.event(ExecutionResumed.class).reason()).isEqualTo("resumed by request");
    }

    @Test
    void replayingTheHistoryRebuildsThePausedStateAndTheResumedOne() {
        List<String> stepIds = List.of("a", "b", "c");
        EngineScenario s = pausedMidway().fails("c", 1).backoffEnds("c").succeeds("a", 1, "A");
        assertThat(EventApplier.replay(s.history(), stepIds)).isEqualTo(s.state());
        assertThat(s.state().pause().deferred()).hasSize(1);

        s.resumed("go on").succeeds("b", 1, "B").succeeds("c", 2, "C").thenStatus(ExecutionStatus.COMPLETED);
        assertThat(EventApplier.replay(s.history(), stepIds)).isEqualTo(s.state());
    }
}
