package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.Command;
import dev.weft.engine.ErrorInfo;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.TaskIds;
import dev.weft.engine.TimerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch of one execution: decided, committed whole, and nothing consumed by a decision that failed. */
class BatchProcessorTest {
    static final String ONE_STEP = """
            name: one
            steps:
              - id: a
                agent: w
                input: { n: "{{ input.n }}" }
                retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s }
            """;

    @Test
    void aTimerWhoseDecisionFailsIsNotConsumedAndFiresAgain() {
        RuntimeFixture f = new RuntimeFixture(ONE_STEP);
        f.runtime.start(f.definition, new Command.StartExecution("ex", "t", Map.of("n", 1L), null))
                .await().indefinitely();
        f.runtime.submit("ex", new Command.RecordTaskResult("a", 1, "agent", false, null, ErrorInfo.of("flaky", "again")))
                .await().indefinitely();
        String retry = TaskIds.timerId("ex", TimerKind.RETRY_BACKOFF, "a", 2);
        int before = f.commits.size();

        f.expressionsBreak = true;
        assertThatThrownBy(() -> f.runtime.submit("ex", new Command.FireTimer(TimerKind.RETRY_BACKOFF, "a", 2), retry)
                .await().indefinitely()).hasMessageContaining("a bug in the evaluator");

        assertThat(f.commits).as("nothing committed: the timer stays stored and fires again").hasSize(before);
        f.expressionsBreak = false;
        f.runtime.submit("ex", new Command.FireTimer(TimerKind.RETRY_BACKOFF, "a", 2), retry).await().indefinitely();
        assertThat(f.commits.getLast().cancelTimers()).contains(retry);
        assertThat(f.commits.getLast().events()).hasAtLeastOneElementOfType(ExecutionEvent.TaskDispatched.class);
    }

    @Test
    void aReadWaitsForTheBatchInFlight() {
        RuntimeFixture f = new RuntimeFixture(ONE_STEP);
        f.runtime.start(f.definition, new Command.StartExecution("ex", "t", Map.of("n", 1L), null))
                .await().indefinitely();

        assertThat(f.runtime.state("ex").await().indefinitely().sequence())
                .isEqualTo(f.commits.getLast().state().sequence());
    }
}
