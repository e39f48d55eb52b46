package dev.weft.breaker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/** The defaults and the per-capability overrides: which settings a capability's breaker runs with. */
public final class BreakerPolicy {
    static final String PREFIX = "weft.breaker.";

    private final BreakerSettings defaults;
    private final Map<String, BreakerSettings> overridden;

    /**
     * @throws IllegalArgumentException naming the property at fault when a value is out of range
     */
    public BreakerPolicy(BreakerSettings defaults, Map<String, Overrides> overrides) {
        this.defaults = defaults.validated(PREFIX);
        Map<String, BreakerSettings> resolved = new TreeMap<>();
        overrides.forEach((capability, o) -> resolved.put(capability,
                o.over(this.defaults).validated(PREFIX + "capability.\"" + capability + "\".")));
        this.overridden = Map.copyOf(resolved);
    }

    public static BreakerPolicy of(BreakerSettings defaults) {
        return new BreakerPolicy(defaults, Map.of());
    }

    public BreakerSettings settings(String capability) {
        return overridden.getOrDefault(capability, defaults);
    }

    /** Capabilities configured by name: their breakers exist before any task of theirs is seen. */
    public Set<String> configured() {
        return overridden.keySet();
    }

    /** Per-capability values; an absent one is the default's. */
    public record Overrides(Optional<Double> failureRatio, OptionalInt requestVolumeThreshold, Optional<Duration> delay,
                           OptionalInt successThreshold, OptionalInt probes, Optional<Duration> halfOpenTimeout) {

        public static Overrides none() {
            return new Overrides(Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), Optional.empty());
        }

        BreakerSettings over(BreakerSettings d) {
            return new BreakerSettings(failureRatio.orElse(d.failureRatio()),
                    requestVolumeThreshold.orElse(d.requestVolumeThreshold()), delay.orElse(d.delay()),
                    successThreshold.orElse(d.successThreshold()), probes.orElse(d.probes()),
                    halfOpenTimeout.orElse(d.halfOpenTimeout()));
        }
    }
}
