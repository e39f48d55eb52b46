package dev.weft.agent;

import static dev.weft.agent.AgentProtocol.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Translates between AMQP messages and the agent protocol's JSON documents (docs/agent-protocol.md).
 * The body is authoritative for task fields; application properties are a fallback so that a
 * task with a broken body can still be answered with a {@code bad_task} result.
 */
final class AmqpTaskCodec {

    /** Integers as Long so handlers see one numeric type for whole numbers (and Double for the rest). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .findAndAddModules()
            .build();

    private AmqpTaskCodec() {
    }

    static DecodedTask decode(AmqpMessage message) {
        Map<String, Object> props = properties(message);
        TaskRef salvaged = salvage(message, props);
        JsonNode body;
        try {
            byte[] bytes = bodyBytes(message.unwrap().getBody());
            body = bytes == null ? null : JSON.readTree(bytes);
        } catch (Exception e) {
            return new DecodedTask.Bad(salvaged, "unreadable body: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            return new DecodedTask.Bad(salvaged, "body is not a JSON object");
        }
        try {
            String taskId = text(body, "taskId", props.get(PROP_TASK_ID), message.id());
            String executionId = text(body, "executionId", props.get(PROP_EXECUTION_ID), null);
            String stepId = text(body, "stepId", props.get(PROP_STEP_ID), null);
            Integer attempt = integer(body.get("attempt"), props.get(PROP_ATTEMPT));
            if (taskId == null || executionId == null || stepId == null || attempt == null) {
                return new DecodedTask.Bad(salvaged, "missing taskId, executionId, stepId or attempt");
            }
            String capability = text(body, "capability", props.get(PROP_CAPABILITY), null);
            String tenant = text(body, "tenant", props.get(PROP_TENANT), null);
            String key = text(body, "idempotencyKey", props.get(PROP_IDEMPOTENCY_KEY), executionId + ":" + stepId);
            String traceparent = text(body, "traceparent", props.get(PROP_TRACEPARENT), null);
            Instant deadline = deadline(body.get("deadline"), props.get(PROP_DEADLINE));
            Object input = JSON.convertValue(body.path("input"), Object.class);
            boolean shadow = body.path("shadow").asBoolean(false) || Boolean.TRUE.equals(props.get(PROP_SHADOW))
                    || "true".equals(str(props.get(PROP_SHADOW)));
            return new DecodedTask.Ok(new AgentTask(taskId, executionId, stepId, attempt, capability, tenant, key,
                    deadline, traceparent, input, shadow));
        } catch (RuntimeException e) {
            return new DecodedTask.Bad(salvaged, "invalid task: " + e.getMessage());
        }
    }

    /** Data section (the protocol's form), or an amqp-value string/binary as sent by simpler clients. */
    private static byte[] bodyBytes(Section body) {
        if (body instanceof Data data && data.getValue() != null) {
            return data.getValue().getArray() == null ? null : copy(data.getValue());
        }
        if (body instanceof AmqpValue value) {
            if (value.getValue() instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            if (value.getValue() instanceof Binary b) {
                return copy(b);
            }
        }
        return null;
    }

    private static byte[] copy(Binary binary) {
        byte[] out = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), out, 0, binary.getLength());
        return out;
    }

    private static Map<String, Object> properties(AmqpMessage message) {
        ApplicationProperties props = message.unwrap().getApplicationProperties();
        return props == null || props.getValue() == null ? Map.of() : props.getValue();
    }

    private static TaskRef salvage(AmqpMessage message, Map<String, Object> props) {
        String taskId = props.get(PROP_TASK_ID) != null ? props.get(PROP_TASK_ID).toString() : message.id();
        if (taskId == null) {
            return null;
        }
        Integer attempt = integer(null, props.get(PROP_ATTEMPT));
        return new TaskRef(taskId, str(props.get(PROP_EXECUTION_ID)), str(props.get(PROP_STEP_ID)),
                attempt == null ? 0 : attempt, str(props.get(PROP_TENANT)), str(props.get(PROP_TRACEPARENT)),
                str(props.get(PROP_DEPLOYMENT)));
    }

    /** The task's deployment property, which its result must carry back; null when absent. */
    static String deployment(AmqpMessage message) {
        return str(properties(message).get(PROP_DEPLOYMENT));
    }

    private static String text(JsonNode body, String field, Object property, String fallback) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull()) {
            return node.asText();
        }
        return property != null ? property.toString() : fallback;
    }

    private static Integer integer(JsonNode node, Object property) {
        if (node != null && node.canConvertToInt()) {
            return node.asInt();
        }
        if (property instanceof Number n) {
            return n.intValue();
        }
        return property != null ? Integer.valueOf(property.toString()) : null;
    }

    private static Instant deadline(JsonNode node, Object property) {
        if (node != null && node.isTextual()) {
            return Instant.parse(node.asText());
        }
        if (node != null && node.isNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        return property instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static AmqpMessage encodeResult(TaskRef ref, String agentId, TaskResult result) {
        ObjectNode body = answering(ref, agentId, result.status());
        if (result.isCompleted()) {
            body.set("output", JSON.valueToTree(result.output()));
        } else {
            ObjectNode error = body.putObject("error");
            error.put("type", result.error().type());
            error.put("message", result.error().message());
            error.put("retryable", result.error().retryable());
        }
        return toEngine(ref, agentId, body);
    }

    /** The notice that this agent took a task with a queue deadline (docs/agent-protocol.md §4). */
    static AmqpMessage encodeStarted(TaskRef ref, String agentId) {
        return toEngine(ref, agentId, answering(ref, agentId, STATUS_STARTED));
    }

    /** What every message to the engine about a task says first: which attempt, from whom, and its status. */
    private static ObjectNode answering(TaskRef ref, String agentId, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("taskId", ref.taskId());
        body.put("executionId", ref.executionId());
        body.put("stepId", ref.stepId());
        body.put("attempt", ref.attempt());
        body.put("agentId", agentId);
        body.put("status", status);
        return body;
    }

    private static AmqpMessage toEngine(TaskRef ref, String agentId, ObjectNode body) {
        JsonObject props = new JsonObject().put(PROP_TASK_ID, ref.taskId()).put(PROP_AGENT_ID, agentId);
        if (ref.tenant() != null) {
            props.put(PROP_TENANT, ref.tenant());
        }
        if (ref.traceparent() != null) {
            props.put(PROP_TRACEPARENT, ref.traceparent());
        }
        if (ref.deployment() != null) {
            props.put(PROP_DEPLOYMENT, ref.deployment());
        }
        return AmqpMessage.create()
                .durable(true)
                .correlationId(ref.taskId())
                .contentType(CONTENT_TYPE_JSON)
                .applicationProperties(props)
                .withBufferAsBody(Buffer.buffer(bytes(body)))
                .build();
    }

    /** Whether the engine wants to hear when the task is started: it has a queue deadline. */
    static boolean wantsStartNotice(AmqpMessage message) {
        return properties(message).get(PROP_QUEUE_DEADLINE) != null;
    }

    static AmqpMessage encodeHeartbeat(String agentId, List<String> capabilities, int intervalSeconds, String status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("agentId", agentId);
        body.set("capabilities", JSON.valueToTree(capabilities));
        body.put("version", AGENT_VERSION);
        body.put("intervalSeconds", intervalSeconds);
        body.put("status", status);
        body.put("sentAt", Instant.now().toString());
        return AmqpMessage.create()
                .durable(false)
                // Nobody needs a heartbeat older than the liveness window; let the broker drop it.
                .ttl(3_000L * intervalSeconds)
                .contentType(CONTENT_TYPE_JSON)
                .applicationProperties(new JsonObject().put(PROP_AGENT_ID, agentId))
                .withBufferAsBody(Buffer.buffer(bytes(body)))
                .build();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot serialise JSON", e);
        }
    }
}
