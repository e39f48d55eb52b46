package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.AgentOptions;
import dev.weft.agent.AgentRunner;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * queue_timeout end to end: an attempt no agent takes fails as {@code queue_timeout} long before
 * its own deadline; an agent that takes it says so (the start notice) and the attempt runs on.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class QueueTimeoutEndToEndTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void anAttemptNobodyTakesFailsAsAQueueTimeoutBeforeItsDeadline() {
        client.register("""
                name: nobody-takes-it
                steps:
                  - { id: ask, agent: nobody-serves-this, timeout: 1h, queue_timeout: 1s,
                      retry: { max_attempts: 2, backoff: immediate } }
                """);
        var done = client.awaitEnd(client.start("nobody-takes-it", "{}"));

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        assertThat(done.getSteps(0).getError().getType()).isEqualTo("queue_timeout");
        assertThat(done.getSteps(0).getAttempt()).isEqualTo(2);
        assertThat(Duration.ofMillis(done.getDurationMs())).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void anAgentThatTakesTheTaskSaysSoAndTheAttemptRunsPastItsQueueTimeout() {
        // The agent works longer than the queue timeout; its start notice keeps the attempt alive.
        try (AgentRunner agent = AgentRunner.builder(AgentOptions.of(WeftTestResources.broker().host(),
                        WeftTestResources.broker().port(), "patient-agent"))
                .handler("patient", task -> CompletableFuture.supplyAsync(task::input,
                        CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS)))
                .build().startAndWait(Duration.ofSeconds(10))) {
            client.register("""
                    name: taken
                    steps:
                      - { id: ask, agent: patient, input: { q: 1 }, timeout: 1h, queue_timeout: 1s }
                    """);
            var done = client.awaitEnd(client.start("taken", "{}"));

            assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            assertThat(done.getSteps(0).getDurationMs()).as("longer than the queue timeout").isGreaterThan(1000);
            var history = client.history(done.getExecutionId());
            assertThat(history).extracting(HistoryEvent::getType).contains("TaskStarted").doesNotContain("TaskTimedOut");
            HistoryEvent started = history.stream().filter(h -> h.getType().equals("TaskStarted")).findFirst()
                    .orElseThrow();
            assertThat(started.getDetails().getFieldsMap().get("agentId").getStringValue()).isEqualTo("patient-agent");
        }
    }
}
