package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** queue_timeout: how long an attempt may wait for an agent to start it (schedule-to-start). */
class QueueTimeoutTest {
    static final String QUEUED = """
            name: queued
            steps:
              - { id: a, agent: rare, timeout: 1h, queue_timeout: 30s, retry: { max_attempts: 2, backoff: immediate } }
            """;

    @Test
    void anAttemptNoAgentStartsInTimeTimesOutAsAQueueTimeoutAndIsRetried() {
        EngineScenario s = EngineScenario.given(QUEUED).started();
        assertThat(s.effects(Effect.DispatchTask.class).getFirst().queueDeadline())
                .isEqualTo(s.now().plusSeconds(30));

        s.after(Duration.ofSeconds(30)).timerFires(TimerKind.QUEUE_DEADLINE, "a", 1);

        s.thenEvents(TaskTimedOut.class, RetryScheduled.class)
                .thenEffectsInclude(new Effect.CancelTimer(EngineScenario.timerId(TimerKind.TASK_DEADLINE, "a", 1)));
        assertThat(s.event(TaskTimedOut.class).isQueueTimeout()).isTrue();
        assertThat(s.step("a").error().type()).isEqualTo("queue_timeout");
    }

    @Test
    void anAgentStartingTheTaskEndsItsQueueDeadline() {
        EngineScenario s = EngineScenario.given(QUEUED).started().agentStarts("a");

        s.thenEvents(TaskStarted.class)
                .thenEffectsInclude(new Effect.CancelTimer(EngineScenario.timerId(TimerKind.QUEUE_DEADLINE, "a", 1)));
        assertThat(s.step("a").agentStartedAt()).isEqualTo(s.now());

        s.timerFires(TimerKind.QUEUE_DEADLINE, "a", 1).thenNothingHappens();
        s.agentStarts("a").thenNothingHappens();
    }

    @Test
    void aResultBeforeAnyStartNoticeAlsoEndsTheQueueDeadline() {
        EngineScenario s = EngineScenario.given(QUEUED).started().succeeds("a", 1, "quick");

        s.thenEffectsInclude(new Effect.CancelTimer(EngineScenario.timerId(TimerKind.QUEUE_DEADLINE, "a", 1)));
    }
}
