package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.PauseExecution;
import dev.weft.engine.Command.ResumeExecution;
import dev.weft.engine.ExecutionEvent.SleepStarted;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sleep: waits durably on a timer, takes no task and no slot, and completes when the timer fires. */
class SleepStepTest {
    static final String NAP = """
            name: nap
            limits: { max_parallel: 1 }
            steps:
              - { id: a, agent: w }
              - { id: wait, depends_on: [a], sleep: { duration: 10m } }
              - { id: b, agent: w, depends_on: [a] }
              - { id: after, agent: w, depends_on: [wait] }
            """;

    @Test
    void aSleepWaitsOnATimerWithoutATaskOrASlotThenCompletes() {
        EngineScenario s = EngineScenario.given(NAP).started().succeeds("a", 1, "x");

        assertThat(s.event(SleepStarted.class).until()).isEqualTo(s.now().plus(Duration.ofMinutes(10)));
        s.thenStep("wait", StepStatus.RUNNING).thenDispatched("b");
        assertThat(s.effects(Effect.StartTimer.class)).anyMatch(t -> t.kind() == TimerKind.SLEEP
                && t.dueAt().equals(s.now().plus(Duration.ofMinutes(10))));

        s.after(Duration.ofMinutes(10)).timerFires(TimerKind.SLEEP, "wait", 0);

        assertThat(s.event(StepEvaluated.class).output())
                .isEqualTo(Map.of("slept_until", s.now().toString()));
        s.thenStep("wait", StepStatus.COMPLETED);
    }

    @Test
    void aTimerThatFiresEarlyIsArmedAgainAndTheStepSleepsOn() {
        EngineScenario s = EngineScenario.given(NAP).started().succeeds("a", 1, "x")
                .after(Duration.ofMinutes(3)).timerFires(TimerKind.SLEEP, "wait", 0);

        s.thenStep("wait", StepStatus.RUNNING);
        assertThat(s.effects(Effect.StartTimer.class)).singleElement()
                .satisfies(t -> assertThat(t.dueAt()).isEqualTo(s.now().plus(Duration.ofMinutes(7))));
    }

    @Test
    void untilAnInstantInThePastCompletesAtOnce() {
        EngineScenario s = EngineScenario.given("""
                name: deadline-nap
                steps: [ { id: wait, sleep: { until: "{{ input.at }}" } } ]
                """).startedWith(Map.of("at", "2029-12-31T23:00:00Z"));

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.events(SleepStarted.class)).isEmpty();
    }

    @Test
    void untilThatIsNotAnInstantFailsTheStepSayingWhy() {
        EngineScenario s = EngineScenario.given("""
                name: bad-nap
                steps: [ { id: wait, sleep: { until: "{{ input.at }}" } } ]
                """).startedWith(Map.of("at", "tomorrow"));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error().message()).contains("steps.wait.sleep.until: expected an RFC 3339 instant")
                .contains("'tomorrow'");
    }

    @Test
    void aSleepThatEndsWhilePausedCompletesOnTheResume() {
        EngineScenario s = EngineScenario.given(NAP).started().succeeds("a", 1, "x")
                .when(new PauseExecution("hold", "ops"))
                .after(Duration.ofMinutes(11)).timerFires(TimerKind.SLEEP, "wait", 0)
                .succeeds("b", 1, "y"); // a result in flight is recorded while paused
        s.thenStep("wait", StepStatus.RUNNING);

        s.when(new ResumeExecution("go", "ops"));

        s.thenStep("wait", StepStatus.COMPLETED).thenDispatched("after");
    }

    @Test
    void cancellingTheExecutionEndsTheSleep() {
        EngineScenario s = EngineScenario.given(NAP).started().succeeds("a", 1, "x").cancelled("no");

        s.thenStep("wait", StepStatus.CANCELLED);
        assertThat(s.effects(Effect.CancelAllTimers.class)).hasSize(1);
    }
}
