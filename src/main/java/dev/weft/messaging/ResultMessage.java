package dev.weft.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of a result message from an agent (docs/agent-protocol.md). */
@RegisterForReflection
public record ResultMessage(String taskId, String executionId, String stepId, Integer attempt, String agentId,
                            String status, Object output, Error error) {

    @RegisterForReflection
    public record Error(String type, String message, Boolean retryable) {
    }
}
