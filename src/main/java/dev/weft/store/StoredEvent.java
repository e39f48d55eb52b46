package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import java.time.Instant;

/** An event as stored: its place in the history, its shape version and when it was written. */
public record StoredEvent(String executionId, long sequence, String type, int schemaVersion, String stepId,
                          String payload, Instant recordedAt) {

    public ExecutionEvent event() {
        return EventCodec.decode(type, schemaVersion, payload);
    }
}
