package dev.weft.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The body of a task message (docs/agent-protocol.md). It is also what the outbox stores, so a
 * resend after a crash sends exactly the same message.
 */
@RegisterForReflection
/**
 * @param queueDeadline by when an agent must say it started the task (status {@code started}), or null
 * @param shadow        true for a task of a shadow execution, whose agent must cause no side effect
 *                      (ADR 0015); null otherwise, and then left out, so a live task's body is as before
 */
public record TaskMessage(String taskId, String executionId, String stepId, int attempt, String capability,
                          String tenant, String idempotencyKey, Instant deadline, Instant queueDeadline, Object input,
                          String traceparent,
                          @com.fasterxml.jackson.annotation.JsonInclude(
                                  com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean shadow) {

    public TaskMessage(String taskId, String executionId, String stepId, int attempt, String capability,
                       String tenant, String idempotencyKey, Instant deadline, Instant queueDeadline, Object input,
                       String traceparent) {
        this(taskId, executionId, stepId, attempt, capability, tenant, idempotencyKey, deadline, queueDeadline, input,
                traceparent, null);
    }

    /** Not a bean getter, so JSON keeps only the {@code shadow} component. */
    public boolean inShadow() {
        return Boolean.TRUE.equals(shadow);
    }
}
