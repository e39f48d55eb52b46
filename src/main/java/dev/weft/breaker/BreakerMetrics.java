package dev.weft.breaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code weft.breaker.state{capability}}: this replica's view, 0 closed, 1 half-open, 2 open.
 * {@code weft.breaker.transitions{capability,from,to}}: transitions this replica made, so that
 * the sum over replicas counts each transition once.
 */
final class BreakerMetrics {
    private final MeterRegistry registry;

    BreakerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void track(CapabilityBreaker breaker) {
        Gauge.builder("weft.breaker.state", breaker, b -> b.state().gaugeValue())
                .description("circuit breaker of a capability: 0 closed, 1 half-open, 2 open")
                .tag("capability", breaker.capability())
                .strongReference(true)
                .register(registry);
    }

    void transitionMade(BreakerTransition t) {
        Counter.builder("weft.breaker.transitions")
                .description("circuit breaker transitions made by this replica")
                .tag("capability", t.capability())
                .tag("from", t.from().name())
                .tag("to", t.to().name())
                .register(registry)
                .increment();
    }
}
