package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.DeadLetter;
import dev.weft.api.v1.DeadLetterServiceGrpc;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListDeadLettersRequest;
import dev.weft.messaging.broker.AmqpTestClient;
import dev.weft.testing.Eventually;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events for wait steps published on the AMQP events address {@code weft.events} by an outside
 * system, as a broker client would: by correlation key and by execution id, and a bad one kept as
 * a dead letter whose reason names the field.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class EventsAddressEndToEndTest {
    static final String ORDER = """
            name: events-order
            steps:
              - { id: order, agent: echo, input: { id: "{{ input.order }}" } }
              - id: paid
                depends_on: [order]
                wait: { event: order.paid, correlation: "{{ steps.order.output.id }}", timeout: 1h }
              - { id: ship, agent: echo, depends_on: [paid], input: { amount: "{{ steps.paid.output.payload.amount }}" } }
            output: { amount: "{{ steps.ship.output.amount }}" }
            """;

    final WeftClient client = new WeftClient();
    AmqpTestClient amqp;

    @BeforeEach
    void connect() throws Exception {
        client.register(ORDER);
        amqp = new AmqpTestClient(ConfigProvider.getConfig().getValue("amqp-host", String.class),
                ConfigProvider.getConfig().getValue("amqp-port", Integer.class));
    }

    @AfterEach
    void close() throws Exception {
        amqp.close();
        client.close();
    }

    @Test
    void anEventPublishedByCorrelationCompletesTheWaitingStep() throws Exception {
        String order = "o-" + System.nanoTime();
        String id = client.start("events-order", "{\"order\": \"" + order + "\"}");
        awaitWaiting(id);

        publish(new JsonObject().put("event", "order.paid").put("correlation", order)
                .put("payload", new JsonObject().put("amount", 42)).put("sentBy", "billing"));

        Execution done = client.awaitEnd(id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("amount").getNumberValue()).isEqualTo(42);
        HistoryEvent received = client.history(id).stream().filter(e -> e.getType().equals("SignalReceived"))
                .findFirst().orElseThrow();
        assertThat(received.getDetails().getFieldsMap().get("sentBy").getStringValue()).isEqualTo("billing");
    }

    @Test
    void anEventPublishedForAnExecutionIdIsKeptUntilItsWaitStarts() throws Exception {
        client.register("""
                name: events-later
                steps:
                  - { id: first, agent: slow, input: { ms: 300 } }
                  - { id: hear, depends_on: [first], wait: { event: go } }
                output: "{{ steps.hear.output.payload }}"
                """);
        String id = client.start("events-later", "{}");

        publish(new JsonObject().put("event", "go").put("executionId", id).put("payload", "now"));

        assertThat(client.awaitEnd(id).getOutput().getStringValue()).isEqualTo("now");
    }

    @Test
    void anEventThatBreaksARuleIsADeadLetterNamingTheField() throws Exception {
        publish(new JsonObject().put("event", "bad name!").put("correlation", "x"));
        publish(new JsonObject().put("event", "order.paid"));

        var channel = GrpcClients.channel();
        var letters = DeadLetterServiceGrpc.newBlockingStub(channel);
        ListDeadLettersRequest query = ListDeadLettersRequest.newBuilder().setSource("events").build();
        Eventually.await("both bad events are dead letters", Duration.ofSeconds(20),
                () -> letters.listDeadLetters(query).getDeadLettersCount() >= 2);
        List<String> reasons = letters.listDeadLetters(query).getDeadLettersList().stream()
                .map(DeadLetter::getReason).toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("event: must match"))
                .anyMatch(r -> r.startsWith("execution_id: required unless correlation"));
        channel.shutdownNow();
    }

    private void publish(JsonObject body) throws Exception {
        amqp.send("weft.events", AmqpMessage.create().withBody(body.encode()).build());
    }

    /** The wait step has started: its WaitStarted is in the history (a poll of state, not a sleep). */
    private void awaitWaiting(String id) {
        Eventually.await("the wait started", Duration.ofSeconds(20), () -> client.history(id).stream()
                .anyMatch(e -> e.getType().equals("WaitStarted")));
    }
}
