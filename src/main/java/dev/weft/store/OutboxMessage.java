package dev.weft.store;

import java.time.Instant;

/**
 * A task message waiting for the broker's acceptance.
 *
 * @param id      the outbox row id, 0 before the commit assigns one
 * @param message the task message as JSON text (see {@code TaskMessage})
 * @param headers its AMQP application properties when known in memory; null for a row read back
 *                from the table (the relay derives them from {@code message} then)
 */
public record OutboxMessage(long id, String executionId, String taskId, String address, String message,
                            Instant readyAt, java.util.Map<String, Object> headers) {

    public OutboxMessage withId(long newId) {
        return new OutboxMessage(newId, executionId, taskId, address, message, readyAt, headers);
    }
}
