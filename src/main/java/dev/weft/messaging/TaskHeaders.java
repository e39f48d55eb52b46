package dev.weft.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/** The application properties of a task message (docs/agent-protocol.md), from its body. */
public final class TaskHeaders {
    private TaskHeaders() {
    }

    public static Map<String, Object> of(TaskMessage t) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("weft-task-id", t.taskId());
        h.put("weft-execution-id", t.executionId());
        h.put("weft-step-id", t.stepId());
        h.put("weft-attempt", t.attempt());
        h.put("weft-capability", t.capability());
        h.put("weft-tenant", t.tenant());
        h.put("weft-idempotency-key", t.idempotencyKey());
        if (t.deadline() != null) {
            h.put("weft-deadline", t.deadline().toEpochMilli());
        }
        if (t.traceparent() != null) {
            h.put("traceparent", t.traceparent());
        }
        return h;
    }
}
