package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.messaging.broker.AmqpTestClient;
import dev.weft.store.PgDeadLetterStore;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent side of the protocol, played by hand: a capability no demo agent serves
 * ({@code manual}), so the test receives the task message itself and answers it.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ResultHandlingTest {
    final WeftClient client = new WeftClient();
    AmqpTestClient amqp;

    @Inject
    PgDeadLetterStore deadLetters;
    @Inject
    AmqpAddresses addresses;

    @BeforeEach
    void connect() throws Exception {
        amqp = new AmqpTestClient(WeftTestResources.broker().host(), WeftTestResources.broker().port());
    }

    @AfterEach
    void close() throws Exception {
        amqp.close();
        client.close();
    }

    @Test
    void aTaskMessageCarriesTheProtocolPropertiesAndADuplicateResultIsRecordedAsIgnored() throws Exception {
        client.register("""
                name: by-hand
                steps:
                  - { id: ask, agent: manual, input: { q: "{{ input.q }}" } }
                  - { id: confirm, agent: manual, depends_on: [ask], input: { a: "{{ steps.ask.output.a }}" } }
                output: { a: "{{ steps.confirm.output.a }}" }
                """);
        String id = client.start("by-hand", "{\"q\": \"why\"}");
        AmqpMessage task = amqp.receiveOne("weft.tasks.manual");
        JsonObject body = new JsonObject(task.bodyAsBinary().toString());
        JsonObject props = task.applicationProperties();
        assertThat(task.id()).isEqualTo(id + ":ask:1");
        assertThat(task.replyTo()).isEqualTo(addresses.results()).startsWith("weft.results.");
        assertThat(props.getString("weft-deployment")).isEqualTo(addresses.deployment());
        assertThat(task.isDurable()).isTrue();
        assertThat(props.getString("weft-idempotency-key")).isEqualTo(id + ":ask");
        assertThat(props.getInteger("weft-attempt")).isEqualTo(1);
        assertThat(props.getString("weft-tenant")).isEqualTo("default");
        assertThat(props.getLong("weft-deadline")).isPositive();
        assertThat(body.getJsonObject("input").getString("q")).isEqualTo("why");
        // The task continues the trace of the StartExecution call (W3C trace context).
        assertThat(props.getString("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");

        AmqpMessage result = result(id, "ask", 1, new JsonObject().put("status", "completed")
                .put("output", new JsonObject().put("a", "because")));
        amqp.send(addresses.results(), result);
        amqp.send(addresses.results(), result); // at-least-once: the same result delivered twice

        Eventually.await("the duplicate is in the history", Duration.ofSeconds(10), () ->
                client.history(id).stream().anyMatch(h -> h.getType().equals("ResultIgnored")));
        AmqpMessage confirm = amqp.receiveOne("weft.tasks.manual");
        assertThat(new JsonObject(confirm.bodyAsBinary().toString()).getJsonObject("input").getString("a"))
                .isEqualTo("because");
        amqp.send(addresses.results(), result(id, "confirm", 1, new JsonObject().put("status", "completed")
                .put("output", new JsonObject().put("a", "because"))));

        var done = client.awaitEnd(id);
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("a").getStringValue()).isEqualTo("because");
        List<HistoryEvent> history = client.history(id);
        assertThat(history.stream().filter(h -> h.getType().equals("TaskCompleted"))).hasSize(2);
        assertThat(history.stream().filter(h -> h.getType().equals("ResultIgnored")).findFirst().orElseThrow()
                .getDetails().getFieldsMap().get("reason").getStringValue()).isEqualTo("duplicate result");
        assertThat(done.getSteps(0).getAgentId()).isEqualTo("hand-agent");
    }

    @Test
    void messagesThatCannotBeUnderstoodBecomeDeadLettersWithTheirReason() throws Exception {
        long before = deadLetters.count().await().indefinitely();
        amqp.send(addresses.results(), AmqpMessage.create().durable(true).contentType("application/json")
                .withBufferAsBody(Buffer.buffer("{not json")).build());
        amqp.send(addresses.results(), result("no-such-execution", "x", 1, new JsonObject().put("status", "completed")));
        amqp.send(addresses.results(), AmqpMessage.create().durable(true).contentType("application/json")
                .withBufferAsBody(Buffer.buffer("{\"executionId\": \"e\"}")).build());
        Eventually.await("three dead letters", Duration.ofSeconds(10),
                () -> deadLetters.count().await().indefinitely() >= before + 3);
    }

    @Test
    void aResultOverTheSizeLimitFailsTheAttemptInsteadOfBeingStored() throws Exception {
        client.register("""
                name: too-big
                steps:
                  - { id: ask, agent: manual, retry: { max_attempts: 1 }, on_error: continue }
                """);
        String id = client.start("too-big", "{}");
        amqp.receiveOne("weft.tasks.manual");
        amqp.send(addresses.results(), result(id, "ask", 1, new JsonObject().put("status", "completed")
                .put("output", new JsonObject().put("blob", "x".repeat(5000)))));
        var done = client.awaitEnd(id);
        assertThat(done.getSteps(0).getStatus()).isEqualTo(dev.weft.api.v1.StepStatus.STEP_STATUS_FAILED);
        assertThat(done.getSteps(0).getError().getType()).isEqualTo("result_too_large");
    }

    @Test
    void aValidResultRedeliveredOftenIsStillRecordedNotSetAsideAsPoison() throws Exception {
        client.register("""
                name: poison
                steps:
                  - { id: ask, agent: manual }
                """);
        String id = client.start("poison", "{}");
        amqp.receiveOne("weft.tasks.manual");
        // A valid result with the delivery count that a long database outage leaves behind (found by
        // the runtime simulation: such results were set aside, and their executions waited for the
        // task timeout). Only a result whose decision fails again is kept as poison.
        AmqpMessage valid = result(id, "ask", 1, new JsonObject().put("status", "completed"));
        amqp.send(addresses.results(), AmqpMessage.create(valid).deliveryCount(25).build());

        assertThat(client.awaitEnd(id).getStatus()).isEqualTo(dev.weft.api.v1.ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(deadLetters.list(new dev.weft.store.DeadLetterQuery("default", id, "results", null, null, 10))
                .await().indefinitely()).isEmpty();
    }

    @Test
    void aResultNamingAnotherTenantIsADeadLetterAndChangesNothing() throws Exception {
        client.register("""
                name: foreign
                steps:
                  - { id: ask, agent: manual }
                """);
        String id = client.start("foreign", "{}");
        amqp.receiveOne("weft.tasks.manual");
        long before = deadLetters.count().await().indefinitely();
        AmqpMessage valid = result(id, "ask", 1, new JsonObject().put("status", "completed"));
        amqp.send(addresses.results(), AmqpMessage.create(valid)
                .applicationProperties(new JsonObject().put("weft-tenant", "intruder")).build());
        Eventually.await("a dead letter", Duration.ofSeconds(10),
                () -> deadLetters.count().await().indefinitely() >= before + 1);
        assertThat(client.history(id)).extracting(HistoryEvent::getType).doesNotContain("TaskCompleted");
    }

    private static AmqpMessage result(String executionId, String stepId, int attempt, JsonObject fields) {
        JsonObject body = fields.copy().put("taskId", executionId + ":" + stepId + ":" + attempt)
                .put("executionId", executionId).put("stepId", stepId).put("attempt", attempt)
                .put("agentId", "hand-agent");
        return AmqpMessage.create().durable(true).contentType("application/json")
                .correlationId(body.getString("taskId"))
                .applicationProperties(new JsonObject().put("weft-agent-id", "hand-agent").put("weft-tenant", "default"))
                .withBufferAsBody(body.toBuffer()).build();
    }
}
