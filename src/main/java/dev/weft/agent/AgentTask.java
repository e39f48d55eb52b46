package dev.weft.agent;

import java.time.Instant;

/**
 * One attempt of one workflow step, as handed to an {@link AgentHandler}.
 *
 * @param taskId         {@code <executionId>:<stepId>:<attempt>}; unique per attempt
 * @param attempt        1-based; a broker redelivery of the same attempt keeps the same number
 * @param idempotencyKey {@code <executionId>:<stepId>}; stable across attempts, so side effects
 *                       keyed on it happen once per step
 * @param deadline       when the engine stops waiting for this attempt; null if none was given
 * @param traceparent    W3C trace context of the step, may be null
 * @param input          the step input as plain Java: Map, List, String, Long, Double, Boolean or null
 * @param shadow         the task belongs to a shadow execution (property {@code weft-shadow}): compute the
 *                       result, but cause no side effect, since nothing will act on it
 */
public record AgentTask(
        String taskId,
        String executionId,
        String stepId,
        int attempt,
        String capability,
        String tenant,
        String idempotencyKey,
        Instant deadline,
        String traceparent,
        Object input,
        boolean shadow) {

    /** A live task. */
    public AgentTask(String taskId, String executionId, String stepId, int attempt, String capability, String tenant,
                     String idempotencyKey, Instant deadline, String traceparent, Object input) {
        this(taskId, executionId, stepId, attempt, capability, tenant, idempotencyKey, deadline, traceparent, input,
                false);
    }
}
