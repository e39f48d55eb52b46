package dev.weft.runtime.port;

import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outbox rows once committed. A row is claimed by one replica at a time for a lease: the
 * replica that committed it holds the first claim; when a claim runs out (its holder died, or its
 * send never completed) any replica may claim the row again.
 */
public interface OutboxStore {

    /** Removes rows whose messages the broker accepted. */
    Uni<Void> delete(List<Long> ids);

    /** Drops the claims on rows whose send failed, so the next sweep of any replica takes them. */
    Uni<Void> release(List<Long> ids);

    /** Claims up to {@code limit} rows whose claim ran out by {@code now}, oldest first, until {@code now + lease}. */
    Uni<List<OutboxMessage>> claimUnsent(Instant now, Duration lease, int limit);
}
