package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.*;
import org.junit.jupiter.api.Test;

/** A run with too many failed steps fails, however tolerant each step's on_error is. */
class FailureThresholdTest {
    static final String FOUR = """
            name: tolerant
            limits: { %s }
            steps:
              - { id: a, agent: w, retry: { max_attempts: 1 }, on_error: continue }
              - { id: b, agent: w, retry: { max_attempts: 1 }, on_error: skip }
              - { id: c, agent: w, retry: { max_attempts: 1 }, on_error: continue }
              - { id: d, agent: w }
            """;

    @Test
    void theRunFailsWhenTheNumberOfFailedStepsReachesItsLimit() {
        EngineScenario s = EngineScenario.given(FOUR.formatted("max_failed_steps: 2")).started().fails("a", 1);
        s.thenStatus(ExecutionStatus.RUNNING);

        s.fails("b", 1).thenStatus(ExecutionStatus.FAILED);
        assertThat(s.event(ExecutionFailed.class).error().type()).isEqualTo("failure_threshold");
        assertThat(s.event(ExecutionFailed.class).error().message())
                .isEqualTo("2 of 4 steps failed, reaching max_failed_steps 2");
        assertThat(s.last().events()).filteredOn(e -> e instanceof EscalationRaised).hasSize(2);
    }

    @Test
    void theRunFailsWhenTheShareOfFailedStepsReachesItsLimit() {
        EngineScenario s = EngineScenario.given(FOUR.formatted("max_failed_percent: 50")).started().fails("a", 1)
                .thenStatus(ExecutionStatus.RUNNING);

        s.fails("c", 1).thenStatus(ExecutionStatus.FAILED);
        assertThat(s.event(ExecutionFailed.class).error().message()).contains("max_failed_percent 50");
    }
}
