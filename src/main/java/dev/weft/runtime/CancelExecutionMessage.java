package dev.weft.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A cancellation the engine asked for itself (a child its parent no longer waits for), kept in the outbox until done. */
@RegisterForReflection
public record CancelExecutionMessage(String executionId, String reason, String requestedBy) {
}
