package dev.weft.agent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.weft.messaging.broker.AmqpTestClient;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Plays the engine side of the agent protocol over a real AMQP connection: builds task messages
 * the way the engine sends them and collects results by correlation-id and heartbeats.
 */
final class FakeEngine implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final AmqpTestClient client;
    private final Map<String, CompletableFuture<AmqpMessage>> results = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<JsonNode> heartbeats = new LinkedBlockingQueue<>();

    FakeEngine(String host, int port) throws Exception {
        client = new AmqpTestClient(host, port);
        client.subscribe(AgentProtocol.RESULTS_ADDRESS, msg -> resultFuture(msg.correlationId()).complete(msg));
        client.subscribe(AgentProtocol.HEARTBEAT_ADDRESS, msg -> heartbeats.add(body(msg)));
    }

    AmqpTestClient client() {
        return client;
    }

    /** Task id of the sent task; the message is durable, carries all properties and replies to weft.results. */
    String sendTask(String capability, String executionId, String stepId, int attempt, Object input) throws Exception {
        return sendTask(capability, executionId, stepId, attempt, input, Instant.now().plusSeconds(60),
                AgentProtocol.RESULTS_ADDRESS);
    }

    String sendTask(String capability, String executionId, String stepId, int attempt, Object input,
            Instant deadline, String replyTo) throws Exception {
        String taskId = executionId + ":" + stepId + ":" + attempt;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", taskId);
        body.put("executionId", executionId);
        body.put("stepId", stepId);
        body.put("attempt", attempt);
        body.put("capability", capability);
        body.put("tenant", "acme");
        body.put("idempotencyKey", executionId + ":" + stepId);
        body.put("deadline", deadline.toString());
        body.put("input", input);
        client.send(AgentProtocol.taskAddress(capability), taskMessage(taskId, executionId, stepId, attempt, capability,
                deadline, replyTo).withBufferAsBody(Buffer.buffer(JSON.writeValueAsBytes(body))).build());
        return taskId;
    }

    io.vertx.amqp.AmqpMessageBuilder taskMessage(String taskId, String executionId, String stepId, int attempt,
            String capability, Instant deadline, String replyTo) {
        JsonObject props = new JsonObject()
                .put(AgentProtocol.PROP_TASK_ID, taskId)
                .put(AgentProtocol.PROP_EXECUTION_ID, executionId)
                .put(AgentProtocol.PROP_STEP_ID, stepId)
                .put(AgentProtocol.PROP_ATTEMPT, attempt)
                .put(AgentProtocol.PROP_CAPABILITY, capability)
                .put(AgentProtocol.PROP_TENANT, "acme")
                .put(AgentProtocol.PROP_IDEMPOTENCY_KEY, executionId + ":" + stepId)
                .put(AgentProtocol.PROP_DEADLINE, deadline.toEpochMilli())
                .put(AgentProtocol.PROP_TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        return AmqpMessage.create()
                .durable(true)
                .id(taskId)
                .replyTo(replyTo)
                .contentType(AgentProtocol.CONTENT_TYPE_JSON)
                .applicationProperties(props);
    }

    void send(String address, AmqpMessage message) throws Exception {
        client.send(address, message);
    }

    AmqpMessage awaitResult(String taskId) throws Exception {
        return resultFuture(taskId).get(10, TimeUnit.SECONDS);
    }

    CompletableFuture<AmqpMessage> resultFuture(String taskId) {
        return results.computeIfAbsent(taskId, id -> new CompletableFuture<>());
    }

    /** Next heartbeat of {@code agentId} with the given status, skipping others. */
    JsonNode awaitHeartbeat(String agentId, String status) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            JsonNode hb = heartbeats.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (hb != null && agentId.equals(hb.path("agentId").asText()) && status.equals(hb.path("status").asText())) {
                return hb;
            }
        }
        throw new AssertionError("no '" + status + "' heartbeat from " + agentId);
    }

    static JsonNode body(AmqpMessage message) {
        try {
            return JSON.readTree(message.bodyAsBinary().getBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
