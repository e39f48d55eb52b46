package dev.weft.breaker;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One row of {@code circuit_breakers}: the shared truth of a capability's breaker. Epoch 0 is a
 * closed breaker that never changed (possibly not written yet).
 *
 * @param openUntil      OPEN: when probing may start; otherwise null
 * @param probesClaimed  HALF_OPEN: permits claimed by any replica
 * @param probeSuccesses HALF_OPEN: successes recorded by any replica
 * @param lastProbeAt    HALF_OPEN: when the last permit was claimed, or null
 * @param probesDispatched HALF_OPEN: probes whose task was sent (its dispatch committed), by any replica
 * @param probeDeadline  HALF_OPEN: the latest deadline of a probe sent, or null
 */
public record BreakerRow(String capability, BreakerState state, long epoch, Instant since, Instant openUntil,
                         String reason, String changedBy, int probesClaimed, int probeSuccesses,
                         Instant lastProbeAt, int probesDispatched, Instant probeDeadline) {

    static BreakerRow initial(String capability, Instant since) {
        return new BreakerRow(capability, BreakerState.CLOSED, 0, since, null, "", "", 0, 0, null, 0, null);
    }

    /**
     * How far the row has come within its epoch. Every write that keeps the epoch adds one to
     * exactly one of the probe counts (a claim, a dispatch, a success that does not close), and
     * none is ever lowered within an epoch, so of two rows of one epoch the one with the larger sum
     * is the later; equal sums are the same write.
     */
    int changesInEpoch() {
        return probesClaimed + probesDispatched + probeSuccesses;
    }

    /**
     * The row after a transition from this one: the next epoch, probe counts cleared. Times are cut
     * to microseconds, as PostgreSQL keeps them, so that the row a replica decided and the row it
     * reads back are equal.
     */
    BreakerRow next(BreakerState to, Instant at, Instant openUntil, String reason, String replica) {
        return new BreakerRow(capability, to, epoch + 1, micros(at), micros(openUntil), reason, replica, 0, 0, null, 0, null);
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
