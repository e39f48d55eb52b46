package dev.weft.runtime.port;

import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The messages waiting for the broker once committed: outbox rows, and task messages kept in
 * their step rows (ADR 0016). A message is claimed by one replica at a time for a lease: the
 * replica that committed it holds the first claim; when a claim runs out (its holder died, or its
 * send never completed) any replica may claim it again.
 */
public interface OutboxStore {

    /** Forgets messages the broker accepted: their outbox rows go, their step rows' claims are cleared. */
    Uni<Void> delete(List<OutboxMessage.Key> accepted);

    /** Drops the claims on messages whose send failed, so the next sweep of any replica takes them. */
    Uni<Void> release(List<OutboxMessage.Key> unsent);

    /**
     * Claims up to {@code limit} messages of each kind whose claim ran out by {@code now}, oldest
     * first, until {@code now + lease}.
     */
    Uni<List<OutboxMessage>> claimUnsent(Instant now, Duration lease, int limit);
}
