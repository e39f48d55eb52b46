package dev.weft.runtime;

import dev.weft.engine.ExecutionEvent;
import dev.weft.store.StoredEvent;
import java.time.Instant;

/** One event of a history with its sequence number and commit time. */
public record HistoryEntry(long sequence, ExecutionEvent event, Instant recordedAt) {

    public static HistoryEntry of(StoredEvent stored) {
        return new HistoryEntry(stored.sequence(), stored.event(), stored.recordedAt());
    }
}
