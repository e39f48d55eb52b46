package dev.weft.agents;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gauges per capability, read from the last refresh: {@code weft.agents.live} (live agents) and
 * {@code weft.tasks.unserved} (dispatched tasks waiting on it while no live agent serves it).
 * A capability gets its gauges when a refresh first sees it and keeps them, at 0 when it is gone.
 */
final class LivenessMetrics {
    private final MeterRegistry registry;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, CapabilityStatus> current = Map.of();

    LivenessMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void publish(List<CapabilityStatus> overall) {
        current = overall.stream().collect(Collectors.toUnmodifiableMap(CapabilityStatus::capability, s -> s));
        for (CapabilityStatus s : overall) {
            if (registered.add(s.capability())) {
                gauge("weft.agents.live", "live agents that serve the capability", s.capability(),
                        CapabilityStatus::liveAgents);
                gauge("weft.tasks.unserved", "dispatched tasks waiting on the capability while no live agent serves it",
                        s.capability(), x -> x.served() ? 0 : x.runningTasks());
            }
        }
    }

    private void gauge(String name, String description, String capability, Function<CapabilityStatus, Integer> value) {
        Gauge.builder(name, this, m -> {
                    CapabilityStatus s = m.current.get(capability);
                    return s == null ? 0 : value.apply(s);
                })
                .description(description)
                .tag("capability", capability)
                .strongReference(true)
                .register(registry);
    }
}
