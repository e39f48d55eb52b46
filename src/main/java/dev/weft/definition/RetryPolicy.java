package dev.weft.definition;

import java.time.Duration;
import java.util.List;

/**
 * How a failed or timed-out attempt is retried. The delay before attempt n+1 (n ≥ 1) is
 * {@code initialInterval × multiplier^(n-1)} for exponential, {@code initialInterval × n} for
 * linear, {@code initialInterval} for fixed and zero for immediate, never more than
 * {@code maxInterval}; with jitter j the delay is spread over ±j of itself (deterministically per
 * attempt, so a history replays to the same due times) and still capped.
 *
 * @param maxAttempts  total attempts including the first (1 = no retry)
 * @param jitter       0 (none) to 1 (anywhere from no wait to twice the delay)
 * @param retryOn      when not empty, only failures of these error types are retried
 * @param nonRetryable failures of these error types are never retried
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration initialInterval, Duration maxInterval,
                          double multiplier, double jitter, List<String> retryOn, List<String> nonRetryable) {

    /** Three attempts with exponential backoff from 1 s, doubling, capped at 1 min. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Backoff.EXPONENTIAL, Duration.ofSeconds(1),
            Duration.ofMinutes(1), 2.0);

    public enum Backoff { IMMEDIATE, FIXED, LINEAR, EXPONENTIAL }

    public RetryPolicy {
        retryOn = List.copyOf(retryOn);
        nonRetryable = List.copyOf(nonRetryable);
    }

    /** Without jitter and error-type filters. */
    public RetryPolicy(int maxAttempts, Backoff backoff, Duration initialInterval, Duration maxInterval,
                       double multiplier) {
        this(maxAttempts, backoff, initialInterval, maxInterval, multiplier, 0, List.of(), List.of());
    }

    /** Whether a failure of this type, which its agent did not call final, may be retried. */
    public boolean retries(String errorType) {
        return !nonRetryable.contains(errorType) && (retryOn.isEmpty() || retryOn.contains(errorType));
    }

    /** The delay to wait after attempt {@code failedAttempt} (1-based) before the next one, without jitter. */
    public Duration delayAfter(int failedAttempt) {
        return delayAfter(failedAttempt, 0.5);
    }

    /**
     * @param spread where in the jitter range this attempt falls, in [0, 1): the same value for the
     *               same attempt of the same execution, so the delay is reproducible
     */
    public Duration delayAfter(int failedAttempt, double spread) {
        long initial = initialInterval.toMillis();
        double millis = switch (backoff) {
            case IMMEDIATE -> 0;
            case FIXED -> initial;
            case LINEAR -> (double) initial * failedAttempt;
            case EXPONENTIAL -> initial * Math.pow(multiplier, failedAttempt - 1);
        };
        double jittered = millis * (1 - jitter + 2 * jitter * spread);
        long capped = (long) Math.min(jittered, (double) maxInterval.toMillis());
        return Duration.ofMillis(Math.max(0, capped));
    }
}
