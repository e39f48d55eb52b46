package dev.weft.definition;

import java.time.Duration;

/**
 * How a failed or timed-out attempt is retried. The delay before attempt n+1 (n ≥ 1) is
 * {@code initialInterval × multiplier^(n-1)} for exponential, {@code initialInterval × n} for
 * linear and {@code initialInterval} for fixed, never more than {@code maxInterval}.
 *
 * @param maxAttempts total attempts including the first (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration initialInterval, Duration maxInterval,
                          double multiplier) {

    /** Three attempts with exponential backoff from 1 s, doubling, capped at 1 min. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0);

    public enum Backoff { EXPONENTIAL, LINEAR, FIXED }

    /** The delay to wait after attempt {@code failedAttempt} (1-based) before the next one. */
    public Duration delayAfter(int failedAttempt) {
        long initial = initialInterval.toMillis();
        double millis = switch (backoff) {
            case FIXED -> initial;
            case LINEAR -> (double) initial * failedAttempt;
            case EXPONENTIAL -> initial * Math.pow(multiplier, failedAttempt - 1);
        };
        long capped = (long) Math.min(millis, (double) maxInterval.toMillis());
        return Duration.ofMillis(Math.max(0, capped));
    }
}
