package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.weft.messaging.broker.EmbeddedBroker;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;

/** The hooks see every delivery and decide what is sent; the runner still settles tasks by the protocol. */
class AgentRunnerWireHooksTest {

    private static EmbeddedBroker broker;
    private static FakeEngine engine;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults());
        engine = new FakeEngine(broker.host(), broker.port());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        engine.close();
        broker.stop();
    }

    private static AgentRunner agent(String capability, WireHooks hooks) {
        return AgentRunner.builder(AgentOptions.of(broker.host(), broker.port(), capability + "-agent")
                        .withRetryBackoff(Duration.ofMillis(50)))
                .hooks(hooks)
                .handler(capability, task -> CompletableFuture.completedFuture(task.input()))
                .build().startAndWait(Duration.ofSeconds(10));
    }

    @Test
    void hooksSeeEveryDeliveryIncludingOneWhoseDeadlinePassedAndTheResultSent() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        WireHooks hooks = new WireHooks() {
            @Override
            public void taskReceived(String taskId, int attempt) {
                seen.add("received " + taskId + " " + attempt);
            }

            @Override
            public Future<Void> sendResult(OutgoingResult result, Function<AmqpMessage, Future<Void>> send) {
                seen.add("sending " + result.taskId() + " " + result.attempt() + " " + result.result().status());
                return send.apply(result.message());
            }
        };
        try (AgentRunner ignored = agent("observed", hooks)) {
            String onTime = engine.sendTask("observed", "e-" + UUID.randomUUID(), "s", 2, "x");
            assertThat(engine.awaitResult(onTime).correlationId()).isEqualTo(onTime);
            String late = engine.sendTask("observed", "e-" + UUID.randomUUID(), "s", 1, "x",
                    Instant.now().minusSeconds(1), AgentProtocol.RESULTS_ADDRESS);
            assertThat(FakeEngine.body(engine.awaitResult(late)).path("error").path("type").asText())
                    .isEqualTo(AgentProtocol.ERROR_DEADLINE);

            assertThat(seen).containsExactly("received " + onTime + " 2", "sending " + onTime + " 2 completed",
                    "received " + late + " 1", "sending " + late + " 1 failed");
        }
    }

    @Test
    void aTaskWhoseResultTheHookFailedToSendIsHandedBackAndRedelivered() throws Exception {
        AtomicInteger received = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        WireHooks hooks = new WireHooks() {
            @Override
            public void taskReceived(String taskId, int attempt) {
                received.incrementAndGet();
            }

            @Override
            public Future<Void> sendResult(OutgoingResult result, Function<AmqpMessage, Future<Void>> send) {
                return attempts.incrementAndGet() == 1 ? Future.failedFuture("first send lost")
                        : send.apply(result.message());
            }
        };
        try (AgentRunner ignored = agent("handed-back", hooks)) {
            String taskId = engine.sendTask("handed-back", "e-" + UUID.randomUUID(), "s", 1, "payload");
            AmqpMessage result = engine.resultFuture(taskId).get(10, TimeUnit.SECONDS);

            assertThat(FakeEngine.body(result).path("output").asText()).isEqualTo("payload");
            assertThat(received).hasValue(2);
        }
    }
}
