package dev.weft.store;

import java.time.Instant;
import java.util.Map;

/**
 * A message waiting for the broker's acceptance.
 *
 * @param id      the outbox row id of a message {@link Kept#OUTBOX_ROW kept in the outbox}, 0
 *                before the commit assigns one; 0 for a task message kept in its step row
 * @param message the message as JSON text (see {@code TaskMessage})
 * @param headers its AMQP application properties when known in memory; null for a row read back
 *                from the table (the relay derives them from {@code message} then)
 * @param kept    where it waits for the broker's acceptance
 */
public record OutboxMessage(long id, String executionId, String taskId, String address, String message,
                            Instant readyAt, Map<String, Object> headers, Kept kept) {

    /**
     * Where a message waits until the broker took it. A task message waits in its attempt's step
     * row (ADR 0016): it is identified by its task id there. A message the engine carries out
     * itself has an outbox row of its own (ADR 0002).
     */
    public enum Kept { OUTBOX_ROW, STEP_ROW }

    /** What identifies the message while it waits: its row id, or its task id in its step row. */
    public record Key(long outboxId, String taskId) {
    }

    public OutboxMessage withId(long newId) {
        return new OutboxMessage(newId, executionId, taskId, address, message, readyAt, headers, kept);
    }

    public Key key() {
        return switch (kept) {
            case OUTBOX_ROW -> new Key(id, null);
            case STEP_ROW -> new Key(0, taskId);
        };
    }
}
