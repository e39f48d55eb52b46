package dev.weft.breaker;

import java.util.BitSet;

/**
 * The last N outcomes SmallRye counted (fed from its onSuccess/onFailure callbacks), kept only to
 * report them: SmallRye's own rolling window decides, but does not let anyone read it.
 */
final class RecentOutcomes {
    private final int size;
    private final BitSet failures;
    private long counted;

    RecentOutcomes(int size) {
        this.size = size;
        this.failures = new BitSet(size);
    }

    synchronized void success() {
        failures.clear((int) (counted++ % size));
    }

    synchronized void failure() {
        failures.set((int) (counted++ % size));
    }

    synchronized int calls() {
        return (int) Math.min(counted, size);
    }

    synchronized int failures() {
        return failures.cardinality();
    }

    synchronized void clear() {
        failures.clear();
        counted = 0;
    }
}
