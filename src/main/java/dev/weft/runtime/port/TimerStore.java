package dev.weft.runtime.port;

import dev.weft.store.TimerRow;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Stored timers: claimed for a lease when due, so exactly one replica fires each at a time. */
public interface TimerStore {
    Uni<List<TimerRow>> claimDue(Instant now, Duration lease, int limit);

    /** Drops a timer whose execution is gone; an execution's own timers go with its commits. */
    Uni<Void> delete(TimerRow timer);
}
