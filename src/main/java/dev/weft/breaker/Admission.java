package dev.weft.breaker;

import java.time.Instant;

/** The answer of {@link CapabilityBreakers#admit(String)}: the task may go out now, or not yet. */
public sealed interface Admission {

    /** The breaker is closed: an ordinary task. */
    Admitted ADMITTED = new Admitted(false);
    /** The breaker is half-open and this task is one of its bounded probes. */
    Admitted PROBE = new Admitted(true);

    /** @param probe true when the task was let through as a half-open probe */
    record Admitted(boolean probe) implements Admission {
    }

    /**
     * @param state   OPEN or HALF_OPEN
     * @param retryAt OPEN: when probing may start (ask again then, or wait for the transition);
     *                HALF_OPEN: null, the probes are out and a transition or a probe permit will say
     *                when to ask again
     * @param reason  why, for people (and the history)
     */
    record Refused(BreakerState state, Instant retryAt, String reason) implements Admission {
    }
}
