package dev.weft.breaker;

import java.time.Duration;
import java.time.Instant;

/** When a half-open round of probes can no longer decide, and must reopen the breaker. */
final class HalfOpenRounds {
    /**
     * How long a claimed probe permit may stay unsent. A replica claims a permit when it holds a
     * task that waits for one and sends it in its next decision, well within a second; a permit
     * unsent this long belongs to a replica that stopped (a SIGKILL between claim and commit) and
     * would otherwise keep the round from ever deciding.
     */
    static final Duration PROBE_SEND_TIMEOUT = Duration.ofSeconds(15);

    private HalfOpenRounds() {
    }

    /**
     * Why a half-open round can no longer decide, or null while it can: a permit claimed but not
     * sent within {@link #PROBE_SEND_TIMEOUT} (its replica stopped, or had no task for it), or
     * probes sent that brought no outcome within the half-open timeout past the later of the last
     * claim and their deadline (a probe's timeout is an outcome, so this is a lost one).
     */
    static String overdue(BreakerRow v, Instant now, Duration halfOpenTimeout) {
        if (v.lastProbeAt() == null) {
            return null;
        }
        int unsent = v.probesClaimed() - v.probesDispatched();
        if (unsent > 0 && !now.isBefore(v.lastProbeAt().plus(PROBE_SEND_TIMEOUT))) {
            return unsent + " of " + v.probesClaimed() + " probe permits claimed were not used within "
                    + PROBE_SEND_TIMEOUT + " (the replica that claimed them stopped, or had no task for them)";
        }
        Instant from = v.probeDeadline() != null && v.probeDeadline().isAfter(v.lastProbeAt())
                ? v.probeDeadline() : v.lastProbeAt();
        if (!now.isBefore(from.plus(halfOpenTimeout))) {
            return "no decision within " + halfOpenTimeout + " of the last probe "
                    + (from == v.lastProbeAt() ? "claimed" : "deadline");
        }
        return null;
    }
}
