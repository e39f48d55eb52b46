package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.weft.engine.EngineScenario.timerId;
import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private static String workflow(String retry) {
        return """
                name: retrying
                steps:
                  - id: a
                    agent: flaky
                    retry: %s
                """.formatted(retry);
    }

    /** Fails every attempt of a and returns the delay between each failure and its retry. */
    private static List<Duration> delaysUntilFinalFailure(EngineScenario s) {
        List<Duration> delays = new ArrayList<>();
        while (true) {
            Instant failedAt = s.now();
            s.after(Duration.ofMillis(10)).fails("a", s.step("a").attempt());
            if (s.events(RetryScheduled.class).isEmpty()) {
                return delays;
            }
            RetryScheduled retry = s.event(RetryScheduled.class);
            assertThat(retry.nextAttempt()).isEqualTo(s.step("a").attempt() + 1);
            assertThat(s.step("a").nextAttemptAt()).isEqualTo(retry.dueAt());
            delays.add(Duration.between(failedAt.plusMillis(10), retry.dueAt()));
            s.backoffEnds("a").thenEvents(TaskDispatched.class);
            assertThat(s.now()).isEqualTo(retry.dueAt());
        }
    }

    @Test
    void exponentialBackoffMultipliesTheDelayUpToTheCap() {
        EngineScenario s = EngineScenario.given(workflow(
                "{ max_attempts: 6, backoff: exponential, initial_interval: 1s, multiplier: 2, max_interval: 10s }"))
                .started();

        assertThat(delaysUntilFinalFailure(s)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    @Test
    void exponentialBackoffWithAFractionalMultiplierIsExactToTheMillisecond() {
        EngineScenario s = EngineScenario.given(workflow(
                "{ max_attempts: 4, backoff: exponential, initial_interval: 1s, multiplier: 1.5, max_interval: 1m }"))
                .started();

        assertThat(delaysUntilFinalFailure(s)).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(1500),
                Duration.ofMillis(2250));
    }

    @Test
    void linearBackoffGrowsByTheInitialIntervalUpToTheCap() {
        EngineScenario s = EngineScenario.given(workflow(
                "{ max_attempts: 5, backoff: linear, initial_interval: 2s, max_interval: 5s }")).started();

        assertThat(delaysUntilFinalFailure(s)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void fixedBackoffWaitsTheSameEachTime() {
        EngineScenario s = EngineScenario.given(workflow(
                "{ max_attempts: 3, backoff: fixed, initial_interval: 1500ms, max_interval: 1m }")).started();

        assertThat(delaysUntilFinalFailure(s)).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(1500));
    }

    @Test
    void theDefaultPolicyTriesThreeTimesAfterOneAndTwoSeconds() {
        EngineScenario s = EngineScenario.given("""
                name: defaults
                steps: [ { id: a, agent: flaky } ]
                """).started();

        assertThat(delaysUntilFinalFailure(s)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aFailedAttemptArmsTheBackoffTimerAndDropsItsDeadline() {
        EngineScenario s = EngineScenario.given(workflow("{ max_attempts: 2, backoff: fixed, initial_interval: 5s }"))
                .started().fails("a", 1);

        s.thenEvents(TaskFailed.class, RetryScheduled.class).thenStep("a", StepStatus.RETRY_WAIT)
                .thenEffectsInclude(
                        new Effect.CancelTimer(timerId(TimerKind.TASK_DEADLINE, "a", 1)),
                        new Effect.StartTimer(timerId(TimerKind.RETRY_BACKOFF, "a", 2), TimerKind.RETRY_BACKOFF,
                                "a", 2, s.now().plusSeconds(5)));
        assertThat(s.step("a").error()).isEqualTo(ErrorInfo.of("agent_error", "boom"));
    }

    @Test
    void theRetryTimerDispatchesTheNextAttemptUnderANewTaskId() {
        EngineScenario s = EngineScenario.given(workflow("{ max_attempts: 2, backoff: fixed, initial_interval: 5s }"))
                .started().fails("a", 1).backoffEnds("a");

        s.thenEvents(TaskDispatched.class).thenDispatched("a");
        Effect.DispatchTask task = s.effects(Effect.DispatchTask.class).getFirst();
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.taskId()).isEqualTo("ex-1:a:2");
        assertThat(task.idempotencyKey()).as("stable across attempts").isEqualTo("ex-1:a");
        s.succeeds("a", 2, "ok").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void spentRetriesFailTheStepAndTheExecution() {
        EngineScenario s = EngineScenario.given(workflow("{ max_attempts: 2, backoff: fixed, initial_interval: 1s }"))
                .started().fails("a", 1).backoffEnds("a").fails("a", 2);

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class)
                .thenStatus(ExecutionStatus.FAILED);
        assertThat(s.event(StepFailed.class).error().message()).isEqualTo("boom (after 2 of 2 attempts)");
        assertThat(s.state().error().type()).isEqualTo("agent_error");
        assertThat(s.state().error().message()).contains("step 'a' failed");
    }

    @Test
    void aNonRetryableErrorFailsTheStepAtOnce() {
        EngineScenario s = EngineScenario.given(workflow("{ max_attempts: 5 }")).started()
                .fails("a", 1, new ErrorInfo("bad_request", "no such document", false));

        s.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class);
        assertThat(s.event(StepFailed.class).error())
                .isEqualTo(new ErrorInfo("bad_request", "no such document (not retryable)", false));
        assertThat(s.step("a").attempt()).isEqualTo(1);
    }
}
