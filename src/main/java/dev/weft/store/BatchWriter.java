package dev.weft.store;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Writes the commit requests of several executions in ONE transaction: all of them or none. The
 * item is their outbox messages with row ids, in request order.
 */
public interface BatchWriter {
    Uni<List<OutboxMessage>> write(List<CommitRequest> requests);
}
