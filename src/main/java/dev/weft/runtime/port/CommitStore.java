package dev.weft.runtime.port;

import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Commits one decision atomically; the item is its outbox messages with their row ids. */
public interface CommitStore {
    Uni<List<OutboxMessage>> commit(CommitRequest request);
}
