package dev.weft.store;

import java.time.Instant;

/**
 * A task message waiting for the broker's acceptance.
 *
 * @param id      the outbox row id, 0 before the commit assigns one
 * @param message the task message as JSON text (see {@code TaskMessage})
 */
public record OutboxMessage(long id, String executionId, String taskId, String address, String message,
                            Instant readyAt) {

    public OutboxMessage withId(long newId) {
        return new OutboxMessage(newId, executionId, taskId, address, message, readyAt);
    }
}
