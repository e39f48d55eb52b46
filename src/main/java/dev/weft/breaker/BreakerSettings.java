package dev.weft.breaker;

import java.time.Duration;

/**
 * How one capability's breaker judges, in SmallRye's terms where SmallRye has one.
 *
 * @param failureRatio           open when at least this share of the window failed (0 &lt; r &le; 1)
 * @param requestVolumeThreshold the rolling window: SmallRye judges the last N outcomes, and only
 *                               once N were counted since the breaker last closed
 * @param delay                  how long it stays open before probing
 * @param successThreshold       probe successes that close it
 * @param probes                 probe tasks let through per half-open phase, across all replicas
 *                               (at least successThreshold; any counted probe failure reopens it)
 * @param halfOpenTimeout        a half-open phase that claimed probes but got no decision this long
 *                               after the last claim reopens (a probe whose outcome never arrives,
 *                               e.g. its replica died before sending it, must not keep it half-open)
 */
public record BreakerSettings(double failureRatio, int requestVolumeThreshold, Duration delay, int successThreshold,
                              int probes, Duration halfOpenTimeout) {

    public static final BreakerSettings DEFAULTS =
            new BreakerSettings(0.5, 20, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10));

    /**
     * @param prefix the configuration prefix these came from, e.g. {@code weft.breaker.}, so that
     *               an error names the property to fix
     * @throws IllegalArgumentException naming the first property that is out of range
     */
    public BreakerSettings validated(String prefix) {
        if (!(failureRatio > 0 && failureRatio <= 1)) {
            throw invalid(prefix + "failure-ratio", "a number in (0, 1]", failureRatio);
        }
        if (requestVolumeThreshold < 1 || requestVolumeThreshold > 10_000) {
            throw invalid(prefix + "request-volume-threshold", "a whole number from 1 to 10000", requestVolumeThreshold);
        }
        if (delay.isNegative() || delay.isZero()) {
            throw invalid(prefix + "delay", "a positive duration like 30s", delay);
        }
        if (successThreshold < 1 || successThreshold > 1000) {
            throw invalid(prefix + "success-threshold", "a whole number from 1 to 1000", successThreshold);
        }
        if (probes < successThreshold || probes > 1000) {
            throw invalid(prefix + "probes", "a whole number from success-threshold (" + successThreshold
                    + ") to 1000", probes);
        }
        if (halfOpenTimeout.isNegative() || halfOpenTimeout.isZero()) {
            throw invalid(prefix + "half-open-timeout", "a positive duration like 10m", halfOpenTimeout);
        }
        return this;
    }

    private static IllegalArgumentException invalid(String property, String expected, Object got) {
        return new IllegalArgumentException(property + ": expected " + expected + ", but got " + got);
    }
}
