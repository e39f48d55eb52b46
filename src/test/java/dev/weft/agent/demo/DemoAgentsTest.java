package dev.weft.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.weft.agent.AgentTask;
import dev.weft.agent.TaskException;

/** The demo handlers on their own, without a broker. */
class DemoAgentsTest {

    private static AgentTask task(int attempt, Object input) {
        return new AgentTask("e:s:" + attempt, "e", "s", attempt, "demo", "acme", "e:s",
                Instant.now().plusSeconds(60), null, input);
    }

    private static Object run(dev.weft.agent.AgentHandler handler, AgentTask task) throws Exception {
        return handler.handle(task).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void textOps() throws Exception {
        TextAgent text = new TextAgent();
        assertThat(run(text, task(1, Map.of("text", "AbC", "op", "lower")))).isEqualTo(Map.of("text", "abc", "length", 3));
        assertThat(run(text, task(1, Map.of("text", "abc", "op", "reverse")))).isEqualTo(Map.of("text", "cba", "length", 3));
        assertThat(run(text, task(1, Map.of("text", "  ", "op", "words")))).isEqualTo(Map.of("words", List.of(), "count", 0));
    }

    @Test
    void textRejectsBadInputAsNonRetryable() {
        assertThatThrownBy(() -> run(new TextAgent(), task(1, "not an object")))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(TaskException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void flakyDecidesByAttemptNumberSoRedeliveriesDoNotCount() throws Exception {
        FlakyAgent flaky = new FlakyAgent();
        Map<String, Object> input = Map.of("failures", 1L);
        // The same attempt delivered twice fails twice; it does not "use up" the failure budget.
        assertThatThrownBy(() -> run(flaky, task(1, input))).hasCauseInstanceOf(TaskException.class);
        assertThatThrownBy(() -> run(flaky, task(1, input))).hasCauseInstanceOf(TaskException.class);
        assertThat(run(flaky, task(2, input))).isEqualTo(input);
        assertThat(flaky.highestAttempt("e:s")).isEqualTo(2);
    }

    @Test
    void slowWaitsWithoutBlockingTheCaller() throws Exception {
        long start = System.nanoTime();
        var future = new SlowAgent().handle(task(1, Map.of("ms", 200L))).toCompletableFuture();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
        assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo(Map.of("ms", 200L));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
