package dev.weft.messaging;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a message on the AMQP events address: a signal for wait steps, as SignalExecution
 * takes it (docs/agent-protocol.md, "Events"). Its tenant is the message's {@code weft-tenant}
 * application property, as for results.
 *
 * @param executionId the execution it is for, or null: then every execution waiting for
 *                    {@code event} with {@code correlation} gets it
 * @param signalId    the sender's id for deduplication, or null
 * @param sentBy      who sent it, recorded in the history, or null
 */
@RegisterForReflection
public record EventMessage(String event, String correlation, String executionId, String signalId, Object payload,
                           String sentBy) {
}
