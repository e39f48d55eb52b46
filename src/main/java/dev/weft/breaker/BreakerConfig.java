package dev.weft.breaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code weft.breaker.*} in application.properties: the defaults of every capability's breaker,
 * and {@code weft.breaker.capability."<capability>".<name>} to override one of them for one
 * capability. See {@link BreakerSettings} for what each means.
 */
@ConfigMapping(prefix = "weft.breaker")
public interface BreakerConfig {

    @WithDefault("0.5")
    double failureRatio();

    @WithDefault("20")
    int requestVolumeThreshold();

    @WithDefault("30s")
    Duration delay();

    @WithDefault("3")
    int successThreshold();

    @WithDefault("3")
    int probes();

    @WithDefault("10m")
    Duration halfOpenTimeout();

    /** How often a replica re-reads the table and moves due breakers on (OPEN to HALF_OPEN, stuck probes). */
    @WithDefault("1s")
    Duration tickInterval();

    Map<String, CapabilityOverride> capability();

    interface CapabilityOverride {
        Optional<Double> failureRatio();

        OptionalInt requestVolumeThreshold();

        Optional<Duration> delay();

        OptionalInt successThreshold();

        OptionalInt probes();

        Optional<Duration> halfOpenTimeout();
    }

    default BreakerPolicy policy() {
        BreakerSettings defaults = new BreakerSettings(failureRatio(), requestVolumeThreshold(), delay(),
                successThreshold(), probes(), halfOpenTimeout());
        Map<String, BreakerPolicy.Overrides> overrides = new java.util.TreeMap<>();
        capability().forEach((name, o) -> overrides.put(name, new BreakerPolicy.Overrides(o.failureRatio(),
                o.requestVolumeThreshold(), o.delay(), o.successThreshold(), o.probes(), o.halfOpenTimeout())));
        return new BreakerPolicy(defaults, overrides);
    }
}
