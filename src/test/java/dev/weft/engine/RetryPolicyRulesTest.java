package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry strategies beyond the backoff shape: immediate retries, jitter, and which error types retry at all. */
class RetryPolicyRulesTest {

    @Test
    void anImmediateRetryIsDueAtOnce() {
        EngineScenario s = EngineScenario.given("""
                name: now
                steps: [ { id: a, agent: w, retry: { max_attempts: 3, backoff: immediate } } ]
                """).started().fails("a", 1);

        assertThat(s.event(RetryScheduled.class).dueAt()).isEqualTo(s.now());
    }

    @Test
    void jitterSpreadsTheDelayWithinItsRangeAndTheSameAttemptAlwaysGetsTheSameDelay() {
        String yaml = """
                name: jitter
                steps: [ { id: a, agent: w, retry: { max_attempts: 3, backoff: fixed, initial_interval: 10s, jitter: 0.5 } } ]
                """;
        EngineScenario s = EngineScenario.given(yaml).started().fails("a", 1);
        Duration delay = Duration.between(s.now(), s.event(RetryScheduled.class).dueAt());

        assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15)).isNotEqualTo(Duration.ofSeconds(10));
        Duration again = Duration.between(EngineScenario.given(yaml).started().fails("a", 1).now(),
                EngineScenario.given(yaml).started().fails("a", 1).event(RetryScheduled.class).dueAt());
        assertThat(again).as("deciding again gives the same due time").isEqualTo(delay);
    }

    @Test
    void retryOnRetriesOnlyTheNamedErrorTypes() {
        String yaml = """
                name: only-rate-limits
                steps: [ { id: a, agent: w, retry: { max_attempts: 3, retry_on: [rate_limited] } } ]
                """;
        EngineScenario limited = EngineScenario.given(yaml).started().fails("a", 1, ErrorInfo.of("rate_limited", "slow down"));
        limited.thenEvents(TaskFailed.class, RetryScheduled.class);

        EngineScenario other = EngineScenario.given(yaml).started().fails("a", 1, ErrorInfo.of("agent_error", "boom"));
        other.thenEvents(TaskFailed.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class);
        assertThat(other.event(StepFailed.class).error().message())
                .isEqualTo("boom (its retry policy does not retry agent_error)");
    }

    @Test
    void nonRetryableErrorTypesFailAtOnceEvenWhenTheAgentWouldRetry() {
        EngineScenario s = EngineScenario.given("""
                name: no-timeouts
                steps: [ { id: a, agent: w, timeout: 10s, retry: { max_attempts: 3, non_retryable: [task_timeout] } } ]
                """).started().deadlinePasses("a");

        s.thenEvents(TaskTimedOut.class, StepFailed.class, EscalationRaised.class, ExecutionFailed.class);
    }
}
