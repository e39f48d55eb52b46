package dev.weft.breaker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe permits one replica holds for a half-open phase, and whether it may ask the table for
 * another. Apart from {@link CapabilityBreaker} because this bookkeeping is local to the replica
 * (the table only counts claims): permits are claimed one at a time, used by admit, and forgotten
 * when the breaker adopts a new epoch.
 */
final class ProbePermits {
    /** Permits claimed for the current half-open phase and not used yet. */
    private final AtomicInteger held = new AtomicInteger();
    /** A claim is in flight: one at a time. */
    private final AtomicBoolean claiming = new AtomicBoolean();
    /** The half-open epoch whose permits are all claimed: no more claims for it. */
    private volatile long goneIn = -1;

    /** Uses one held permit, if there is one. */
    boolean use() {
        return held.getAndUpdate(p -> Math.max(0, p - 1)) > 0;
    }

    boolean any() {
        return held.get() > 0;
    }

    void add() {
        held.incrementAndGet();
    }

    /** A new epoch: the permits held belonged to the last one. */
    void forget() {
        held.set(0);
    }

    /** Whether to claim one of {@code epoch}: not when its permits are gone, nor while a claim is in flight. */
    boolean startClaim(long epoch) {
        return goneIn != epoch && claiming.compareAndSet(false, true);
    }

    void claimEnded() {
        claiming.set(false);
    }

    /** The table had no permit of {@code epoch} left. */
    void goneIn(long epoch) {
        goneIn = epoch;
    }
}
