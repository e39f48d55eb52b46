package dev.weft.messaging;

import dev.weft.engine.TaskIds;
import dev.weft.engine.TaskIds.TaskRef;
import dev.weft.messaging.ResultReading.Readable;
import dev.weft.messaging.ResultReading.Rejected;
import dev.weft.messaging.ResultReading.StartNotice;
import dev.weft.agent.AgentProtocol;
import dev.weft.store.Json;
import java.util.Map;

/**
 * Reads a result message (docs/agent-protocol.md §4) without trusting it: its size, its JSON, its
 * fields and its tenant. Whatever it cannot use it says why, together with the task the message
 * answers when anything in it names one (the body's fields, else {@code weft-task-id} or the
 * correlation id), so that attempt can fail at once instead of waiting for its deadline.
 */
final class ResultReader {
    static final String UNREADABLE = "result_unreadable";
    static final String INVALID = "result_invalid";
    static final String TOO_LARGE = "result_too_large";
    static final String WRONG_TENANT = "result_wrong_tenant";

    private final int maxBytes;

    ResultReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    ResultReading read(String body, long bodyBytes, Map<String, Object> properties) {
        TaskRef named = namedTask(properties);
        String tenant = text(properties.get(ResultProperties.TENANT));
        String agent = text(properties.get(ResultProperties.AGENT_ID));
        if (bodyBytes > maxBytes) {
            return new Rejected(TOO_LARGE, "the result has " + bodyBytes + " bytes; at most " + maxBytes
                    + " are accepted", named, tenant, agent);
        }
        if (body == null || body.isBlank()) {
            return new Rejected(UNREADABLE, "the result message has no body", named, tenant, agent);
        }
        ResultMessage result;
        try {
            result = Json.read(body, ResultMessage.class);
        } catch (RuntimeException e) {
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return new Rejected(UNREADABLE, "the result body is not the JSON of a result: "
                    + firstLine(cause), named, tenant, agent);
        }
        if (result == null) {
            return new Rejected(INVALID, "the result body is JSON null", named, tenant, agent);
        }
        TaskRef answered = answeredTask(result);
        TaskRef task = answered != null ? answered : named;
        String agentId = result.agentId() != null ? result.agentId() : agent;
        String missing = missingField(result);
        if (missing != null) {
            return new Rejected(INVALID, "the result lacks field '" + missing + "'", task, tenant, agentId);
        }
        if (AgentProtocol.STATUS_STARTED.equals(result.status()) && tenant != null && answered != null) {
            return new StartNotice(answered, tenant, agentId);
        }
        if (!AgentProtocol.STATUS_COMPLETED.equals(result.status()) && !AgentProtocol.STATUS_FAILED.equals(result.status())) {
            return new Rejected(INVALID, "the result's status '" + result.status()
                    + "' is neither 'completed' nor 'failed'", task, tenant, agentId);
        }
        if (named != null && !named.equals(answered)) {
            return new Rejected(INVALID, "the body answers task " + TaskIds.taskId(answered.executionId(),
                    answered.stepId(), answered.attempt()) + ", but the message names task "
                    + TaskIds.taskId(named.executionId(), named.stepId(), named.attempt()), named, tenant, agentId);
        }
        if (tenant == null) {
            return new Rejected(INVALID, "the result names no tenant (application property "
                    + ResultProperties.TENANT + ")", task, null, agentId);
        }
        return new Readable(result, tenant);
    }

    /** The task the message's properties name (its task id property, else its correlation id), or null. */
    static TaskRef namedTask(Map<String, Object> properties) {
        Object id = properties.get(ResultProperties.TASK_ID);
        if (id == null) {
            id = properties.get(ResultProperties.CORRELATION_ID);
        }
        return id == null ? null : TaskIds.parse(id.toString()).orElse(null);
    }

    private static TaskRef answeredTask(ResultMessage r) {
        if (r.executionId() == null || r.executionId().isBlank() || r.stepId() == null || r.stepId().isBlank()
                || r.attempt() == null || r.attempt() < 1) {
            return null;
        }
        return new TaskRef(r.executionId(), r.stepId(), r.attempt());
    }

    private static String missingField(ResultMessage r) {
        if (r.executionId() == null || r.executionId().isBlank()) {
            return "executionId";
        }
        if (r.stepId() == null || r.stepId().isBlank()) {
            return "stepId";
        }
        if (r.attempt() == null || r.attempt() < 1) {
            return "attempt";
        }
        if (r.status() == null) {
            return "status";
        }
        return null;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    /** The first line of a (parser's) message, at most 200 characters: enough to say what is wrong. */
    static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
