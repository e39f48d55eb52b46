package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.T0;
import static org.assertj.core.api.Assertions.assertThat;

class TaskTimeoutTest {
    static final String TIMED = """
            name: timed
            steps:
              - id: a
                agent: slow
                timeout: 30s
                retry: { max_attempts: 2, backoff: fixed, initial_interval: 10s }
              - id: b
                agent: w
                depends_on: [a]
                input: "{{ steps.a.output }}"
            """;

    @Test
    void aMissedDeadlineTimesTheAttemptOutAndSchedulesARetry() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a");

        s.thenEvents(TaskTimedOut.class, RetryScheduled.class).thenStep("a", StepStatus.RETRY_WAIT);
        assertThat(s.now()).isEqualTo(T0.plusSeconds(30));
        assertThat(s.event(RetryScheduled.class).dueAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(s.step("a").error().type()).isEqualTo("task_timeout");
    }

    @Test
    void theRetryAfterATimeoutCanSucceed() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a").backoffEnds("a");
        s.thenDispatched("a");
        assertThat(s.step("a").deadline()).isEqualTo(T0.plusSeconds(70));

        s.after(Duration.ofSeconds(3)).succeeds("a", 2, "done");
        s.thenEvents(TaskCompleted.class, TaskDispatched.class).thenDispatched("b")
                .thenStep("a", StepStatus.COMPLETED);
        assertThat(s.dispatchedInput("b")).isEqualTo("done");
    }

    @Test
    void timingOutEveryAttemptFailsTheStepAsATimeout() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a").backoffEnds("a")
                .deadlinePasses("a");

        s.thenEvents(TaskTimedOut.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class);
        assertThat(s.state().error().type()).isEqualTo("task_timeout");
    }

    @Test
    void theDeadlineOfAnAttemptThatAlreadyCompletedIsIgnored() {
        EngineScenario s = EngineScenario.given(TIMED).started().succeeds("a", 1, "done")
                .after(Duration.ofSeconds(30)).timerFires(TimerKind.TASK_DEADLINE, "a", 1);

        s.thenNothingHappens().thenStep("a", StepStatus.COMPLETED);
    }

    @Test
    void theDeadlineOfASupersededAttemptIsIgnored() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a").backoffEnds("a")
                .timerFires(TimerKind.TASK_DEADLINE, "a", 1);

        s.thenNothingHappens().thenStep("a", StepStatus.RUNNING);
    }

    @Test
    void aRetryTimerThatFiresTwiceDispatchesOnce() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a").backoffEnds("a");
        s.thenDispatched("a");

        s.timerFires(TimerKind.RETRY_BACKOFF, "a", 2).thenNothingHappens();
        assertThat(s.state().tasksDispatched()).isEqualTo(2);
    }

    @Test
    void aRetryTimerForAnotherAttemptIsIgnored() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a")
                .timerFires(TimerKind.RETRY_BACKOFF, "a", 3);

        s.thenNothingHappens().thenStep("a", StepStatus.RETRY_WAIT);
    }

    @Test
    void timersOfAnEndedExecutionAreIgnored() {
        EngineScenario s = EngineScenario.given(TIMED).started().deadlinePasses("a").cancelled("stop");

        s.timerFires(TimerKind.RETRY_BACKOFF, "a", 2).thenNothingHappens();
        s.timerFires(TimerKind.TASK_DEADLINE, "a", 1).thenNothingHappens();
        s.timerFires(TimerKind.WORKFLOW_DEADLINE, null, 0).thenNothingHappens()
                .thenStatus(ExecutionStatus.CANCELLED);
    }
}
