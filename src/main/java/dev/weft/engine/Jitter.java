package dev.weft.engine;

/**
 * Where an attempt falls in its retry jitter range: spread like chance, yet a pure function of the
 * attempt's identity, so deciding again (or replaying the history) gives the same due time and the
 * engine draws on no randomness.
 */
final class Jitter {
    private Jitter() {
    }

    /** A number in [0, 1), the same for the same attempt of the same step of the same execution. */
    static double spread(String executionId, String stepId, int attempt) {
        long h = executionId.hashCode() * 0x9E3779B97F4A7C15L + stepId.hashCode() * 0xC2B2AE3D27D4EB4FL + attempt;
        // splitmix64 finaliser: nearby inputs land far apart.
        h ^= h >>> 30;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 27;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
