package dev.weft.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The body of a task message (docs/agent-protocol.md). It is also what the outbox stores, so a
 * resend after a crash sends exactly the same message.
 */
@RegisterForReflection
/** @param queueDeadline by when an agent must say it started the task (status {@code started}), or null */
public record TaskMessage(String taskId, String executionId, String stepId, int attempt, String capability,
                          String tenant, String idempotencyKey, Instant deadline, Instant queueDeadline, Object input,
                          String traceparent) {
}
