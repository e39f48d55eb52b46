package dev.weft.runtime.port;

import dev.weft.store.StoredEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Reads an execution's events in order; an empty page past the last event. */
public interface HistoryStore {
    Uni<List<StoredEvent>> events(String executionId, long afterSequence, int limit);
}
