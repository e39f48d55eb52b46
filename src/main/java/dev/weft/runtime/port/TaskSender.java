package dev.weft.runtime.port;

import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;

/**
 * Hands a task message to the broker. The item arrives when the broker accepted it; a failure
 * (or no answer at all, which the caller bounds with a timeout) means it may or may not have.
 */
public interface TaskSender {
    Uni<Void> send(OutboxMessage message);
}
