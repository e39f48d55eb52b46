package dev.weft.breaker;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the breakers' shared truth lives ({@link PgBreakerStore} in production). Every change is a
 * compare-and-set on the row's epoch, so of two replicas deciding at once only one changes it; the
 * other gets {@code Optional.empty()} and re-reads. Every change is announced to all replicas
 * ({@link BreakerFeed}).
 */
public interface BreakerStore {

    Uni<List<BreakerRow>> loadAll();

    Uni<Optional<BreakerRow>> load(String capability);

    /** Makes a capability known to every replica: a CLOSED row at epoch 0 unless it has a row. */
    Uni<Void> register(String capability, Instant now, String replica);

    /**
     * Writes {@code next} (epoch {@code expected.epoch() + 1}) if the row is still at
     * {@code expected}'s epoch and state (or absent, for epoch 0).
     *
     * @return the row written, or empty when another change came first
     */
    Uni<Optional<BreakerRow>> transition(BreakerRow expected, BreakerRow next);

    /**
     * Claims one probe permit of the half-open phase {@code epoch}, if fewer than {@code limit}
     * were claimed.
     *
     * @return the row with the claim counted, or empty when the phase is over or its permits are gone
     */
    Uni<Optional<BreakerRow>> claimProbe(String capability, long epoch, int limit, Instant now);

    /**
     * Counts one probe of the half-open phase {@code epoch} as sent, with its task's deadline.
     *
     * @return the row after it, or empty when the phase is over
     */
    Uni<Optional<BreakerRow>> probeDispatched(String capability, long epoch, Instant deadline);

    /**
     * Counts one probe success of the half-open phase {@code epoch}; the one that reaches
     * {@code successThreshold} closes the breaker (next epoch) in the same write.
     *
     * @return the row after it, or empty when the phase is over
     */
    Uni<Optional<BreakerRow>> probeSucceeded(String capability, long epoch, int successThreshold, Instant now,
                                             String replica, String closeReason);

    /** Closes the breaker whatever its state (next epoch), creating its row if needed. */
    Uni<BreakerRow> reset(String capability, Instant now, String reason, String replica);
}
