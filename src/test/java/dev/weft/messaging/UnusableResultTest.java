package dev.weft.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.HistoryEvent;
import dev.weft.messaging.broker.AmqpTestClient;
import dev.weft.testing.Eventually;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A result the engine cannot use is never hidden behind the task's deadline: when anything in the
 * message names the task, that attempt fails at once with an error type that says what was wrong,
 * the step's retry policy follows, the history shows it, and the message is kept as a dead letter
 * linked to its execution. Every step here has an hour-long deadline, so only that can end it.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class UnusableResultTest {
    final WeftClient client = new WeftClient();
    AmqpTestClient amqp;

    @Inject
    AmqpAddresses addresses;
    @Inject
    Pool pool;

    @BeforeEach
    void connect() throws Exception {
        amqp = new AmqpTestClient(WeftTestResources.broker().host(), WeftTestResources.broker().port());
    }

    @AfterEach
    void close() throws Exception {
        amqp.close();
        client.close();
    }

    /** Starts a one-step workflow on its own capability; returns the execution id once attempt 1 is out. */
    private String startOn(String capability) throws Exception {
        client.register("""
                name: %s
                steps:
                  - id: ask
                    agent: %s
                    timeout: 1h
                    retry: { max_attempts: 2, backoff: fixed, initial_interval: 100ms }
                """.formatted(capability, capability));
        String id = client.start(capability, "{}");
        amqp.receiveOne("weft.tasks." + capability);
        return id;
    }

    private static AmqpMessage message(String taskId, String tenant, String body) {
        JsonObject props = new JsonObject().put("weft-task-id", taskId).put("weft-agent-id", "buggy-agent");
        if (tenant != null) {
            props.put("weft-tenant", tenant);
        }
        return AmqpMessage.create().durable(true).contentType("application/json").correlationId(taskId)
                .applicationProperties(props).withBufferAsBody(Buffer.buffer(body)).build();
    }

    private static String body(String id, String status) {
        return new JsonObject().put("taskId", id + ":ask:1").put("executionId", id).put("stepId", "ask")
                .put("attempt", 1).put("agentId", "buggy-agent").put("status", status).encode();
    }

    /** Waits for attempt 1 to fail; returns its error type and message, after checking the retry followed. */
    private HistoryEvent awaitFailedAttempt(String id) {
        Eventually.await("attempt 1 failed and attempt 2 was dispatched", Duration.ofSeconds(20), () ->
                client.history(id).stream().anyMatch(h -> h.getType().equals("TaskDispatched") && h.getAttempt() == 2));
        return client.history(id).stream().filter(h -> h.getType().equals("TaskFailed")).findFirst().orElseThrow();
    }

    private static String errorType(HistoryEvent failed) {
        return failed.getDetails().getFieldsMap().get("error").getStructValue().getFieldsMap().get("type")
                .getStringValue();
    }

    private List<Row> deadLettersOf(String executionId) {
        return pool.preparedQuery("select step_id, attempt, task_id, reason from dead_letters where execution_id = $1")
                .execute(Tuple.of(executionId)).await().indefinitely().stream().toList();
    }

    @Test
    void anUnreadableResultFailsItsAttemptAtOnceAndIsKeptLinkedToItsExecution() throws Exception {
        String id = startOn("bad-json");
        amqp.send(addresses.results(), message(id + ":ask:1", "default", "{this is not json"));

        HistoryEvent failed = awaitFailedAttempt(id);
        assertThat(errorType(failed)).isEqualTo("result_unreadable");
        assertThat(failed.getDetails().getFieldsMap().get("agentId").getStringValue()).isEqualTo("buggy-agent");
        List<Row> letters = deadLettersOf(id);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).getString(0)).isEqualTo("ask");
        assertThat(letters.get(0).getString(2)).isEqualTo(id + ":ask:1");
        assertThat(failed.getDetails().getFieldsMap().get("error").getStructValue().getFieldsMap().get("message")
                .getStringValue()).contains("kept as dead letter");
    }

    @Test
    void aResultWithAnUnknownStatusFailsItsAttemptAsInvalid() throws Exception {
        String id = startOn("bad-status");
        amqp.send(addresses.results(), message(id + ":ask:1", "default", body(id, "done")));

        HistoryEvent failed = awaitFailedAttempt(id);
        assertThat(errorType(failed)).isEqualTo("result_invalid");
        assertThat(failed.getDetails().getFieldsMap().get("error").getStructValue().getFieldsMap().get("message")
                .getStringValue()).contains("'done'");
    }

    @Test
    void aResultNamingAnotherTenantFailsItsAttemptAndCompletesNothing() throws Exception {
        String id = startOn("bad-tenant");
        amqp.send(addresses.results(), message(id + ":ask:1", "intruder", body(id, "completed")));

        assertThat(errorType(awaitFailedAttempt(id))).isEqualTo("result_wrong_tenant");
        assertThat(client.history(id)).extracting(HistoryEvent::getType).doesNotContain("TaskCompleted");
    }

    @Test
    void aResultThatNamesNoTenantFailsItsAttemptAsInvalid() throws Exception {
        String id = startOn("no-tenant");
        amqp.send(addresses.results(), message(id + ":ask:1", null, body(id, "completed")));

        assertThat(errorType(awaitFailedAttempt(id))).isEqualTo("result_invalid");
    }

    @Test
    void anUnusableResultForAnAttemptThatAlreadyEndedIsStillInTheHistory() throws Exception {
        String id = startOn("late-garbage");
        amqp.send(addresses.results(), message(id + ":ask:1", "default", body(id, "completed")));
        Eventually.await("completed", Duration.ofSeconds(10), () ->
                client.history(id).stream().anyMatch(h -> h.getType().equals("ExecutionCompleted")));

        amqp.send(addresses.results(), message(id + ":ask:1", "default", "{garbage"));

        Eventually.await("the garbage is recorded as ignored, with what it was", Duration.ofSeconds(10), () ->
                client.history(id).stream().anyMatch(h -> h.getType().equals("ResultIgnored")
                        && h.getDetails().getFieldsMap().get("error").getStructValue().getFieldsMap().get("type")
                        .getStringValue().equals("result_unreadable")));
    }

    @Test
    void aResultOfAnotherDeploymentIsKeptAsADeadLetterSayingWhatIsMisconfigured() throws Exception {
        String id = startOn("foreign-deployment");
        AmqpMessage foreign = AmqpMessage.create(message(id + ":ask:1", "default", body(id, "completed")))
                .applicationProperties(new JsonObject().put("weft-task-id", id + ":ask:1").put("weft-tenant", "default")
                        .put("weft-deployment", "another-database")).build();
        long before = pool.query("select count(*) from dead_letters where reason like '%another deployment%'").execute()
                .await().indefinitely().iterator().next().getLong(0);
        amqp.send(addresses.results(), foreign);

        Eventually.await("a dead letter names the misconfiguration", Duration.ofSeconds(10), () -> pool
                .query("select count(*) from dead_letters where reason like '%another deployment%'").execute()
                .await().indefinitely().iterator().next().getLong(0) > before);
        assertThat(client.history(id)).extracting(HistoryEvent::getType).doesNotContain("TaskCompleted", "TaskFailed");
    }
}
