package dev.weft.cli.render;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When something should end: the engine's estimate for a whole execution (from earlier runs of the
 * same version), or, for a group of instances, the pace of those that ended so far.
 */
public final class Eta {
    private Eta() {
    }

    /** The time left until the engine's estimate; empty when it has none. */
    public static Optional<Duration> untilEstimate(Timestamp estimate, Instant now) {
        if (estimate == null || Elapsed.isUnset(estimate)) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, Elapsed.instant(estimate));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * The time left for {@code total} instances when {@code done} of them ended in {@code elapsed}:
     * the remaining ones at the same pace. Empty until one has ended, and once all have.
     */
    public static Optional<Duration> atPace(int done, int total, Duration elapsed) {
        if (done <= 0 || done >= total || elapsed.isNegative()) {
            return Optional.empty();
        }
        return Optional.of(elapsed.multipliedBy(total - done).dividedBy(done));
    }

    /** {@code eta 4.2s}, or {@code eta now} once the estimate has passed. */
    public static String label(Duration left) {
        return left.isZero() ? "eta now" : "eta " + Elapsed.format(left);
    }
}
