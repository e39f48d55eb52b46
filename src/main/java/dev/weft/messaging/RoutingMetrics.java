package dev.weft.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Task routing latency: from the moment a step was ready to the broker's acceptance of its task. */
@ApplicationScoped
public class RoutingMetrics {

    @Inject
    MeterRegistry registry;

    private Timer routing;

    @PostConstruct
    void init() {
        routing = Timer.builder("weft.task.routing")
                .description("step ready -> task message accepted by the broker")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    public void recordRouting(Duration latency) {
        routing.record(latency);
    }

    public Timer routing() {
        return routing;
    }
}
