package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.weft.messaging.broker.EmbeddedBroker;
import io.vertx.amqp.AmqpMessage;

/** Task messages that are not in the canonical form: other body encodings, broken or anonymous bodies. */
class AgentRunnerMalformedTaskTest {

    private static EmbeddedBroker broker;
    private static FakeEngine engine;
    private static AgentRunner runner;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPersistent(false));
        engine = new FakeEngine(broker.host(), broker.port());
        runner = AgentRunner.builder(AgentOptions.of(broker.host(), broker.port(), "lenient-agent"))
                .handler("lenient", task -> CompletableFuture.completedFuture(task.input()))
                .build()
                .startAndWait(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void amqpValueStringBodyIsAccepted() throws Exception {
        String taskId = "e1:s:1";
        String json = """
                {"taskId":"e1:s:1","executionId":"e1","stepId":"s","attempt":1,"capability":"lenient",
                 "tenant":"acme","idempotencyKey":"e1:s","deadline":"%s","input":{"n":7}}
                """.formatted(Instant.now().plusSeconds(60));
        engine.send("weft.tasks.lenient", engine.taskMessage(taskId, "e1", "s", 1, "lenient",
                Instant.now().plusSeconds(60), AgentProtocol.RESULTS_ADDRESS).withBody(json).build());

        JsonNode body = FakeEngine.body(engine.awaitResult(taskId));
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("output").path("n").asLong()).isEqualTo(7);
    }

    @Test
    void unreadableBodyOfAnIdentifiedTaskGetsABadTaskResult() throws Exception {
        String taskId = "e2:s:3";
        engine.send("weft.tasks.lenient", engine.taskMessage(taskId, "e2", "s", 3, "lenient",
                Instant.now().plusSeconds(60), AgentProtocol.RESULTS_ADDRESS).withBody("{not json").build());

        JsonNode body = FakeEngine.body(engine.awaitResult(taskId));
        assertThat(body.path("status").asText()).isEqualTo("failed");
        assertThat(body.path("attempt").asInt()).isEqualTo(3);
        assertThat(body.path("executionId").asText()).isEqualTo("e2");
        assertThat(body.path("error").path("type").asText()).isEqualTo("bad_task");
        assertThat(body.path("error").path("retryable").asBoolean()).isFalse();
    }

    @Test
    void anonymousGarbageIsRejectedToTheDeadLetterQueue() throws Exception {
        engine.send("weft.tasks.lenient", AmqpMessage.create().durable(true).withBody("garbage").build());

        AmqpMessage dead = engine.client().receiveOne("DLQ::DLQ.weft.tasks.lenient");
        assertThat(dead.bodyAsString()).isEqualTo("garbage");
    }
}
