package dev.weft.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/** The application properties of a task message (docs/agent-protocol.md), from its body. */
public final class TaskHeaders {
    private TaskHeaders() {
    }

    /**
     * Everything a task message carries as properties when it is sent: those of its body (kept in
     * memory for a fresh row, derived again for a row read back from the outbox) and the deployment
     * its result must name.
     */
    public static Map<String, Object> forSending(dev.weft.store.OutboxMessage m, String deployment) {
        Map<String, Object> headers = new LinkedHashMap<>(m.headers() != null ? m.headers()
                : of(dev.weft.store.Json.read(m.message(), TaskMessage.class)));
        headers.put(dev.weft.agent.AgentProtocol.PROP_DEPLOYMENT, deployment);
        return headers;
    }

    public static Map<String, Object> of(TaskMessage t) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("weft-task-id", t.taskId());
        h.put("weft-execution-id", t.executionId());
        h.put(dev.weft.agent.AgentProtocol.PROP_STEP_ID, t.stepId());
        h.put(dev.weft.agent.AgentProtocol.PROP_STEP, dev.weft.engine.TaskIds.definitionStep(t.stepId()));
        h.put("weft-attempt", t.attempt());
        h.put("weft-capability", t.capability());
        h.put("weft-tenant", t.tenant());
        h.put("weft-idempotency-key", t.idempotencyKey());
        if (t.deadline() != null) {
            h.put("weft-deadline", t.deadline().toEpochMilli());
        }
        if (t.queueDeadline() != null) {
            h.put(dev.weft.agent.AgentProtocol.PROP_QUEUE_DEADLINE, t.queueDeadline().toEpochMilli());
        }
        if (t.traceparent() != null) {
            h.put("traceparent", t.traceparent());
        }
        if (t.inShadow()) {
            h.put(dev.weft.agent.AgentProtocol.PROP_SHADOW, true);
        }
        return h;
    }
}
