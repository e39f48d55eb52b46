package dev.weft.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LivenessMetrics metrics = new LivenessMetrics(registry);

    double gauge(String name, String capability) {
        return registry.get(name).tag("capability", capability).gauge().value();
    }

    @Test
    void gaugesShowLiveAgentsAndTheTasksWaitingOnAnUnservedCapability() {
        Instant t = Instant.parse("2026-11-22T01:00:00Z");
        metrics.publish(List.of(new CapabilityStatus("x", 0, t, 3), new CapabilityStatus("y", 2, null, 5)));
        assertThat(gauge("weft.agents.live", "x")).isZero();
        assertThat(gauge("weft.tasks.unserved", "x")).isEqualTo(3);
        assertThat(gauge("weft.agents.live", "y")).isEqualTo(2);
        assertThat(gauge("weft.tasks.unserved", "y")).as("tasks of a served capability do not wait on liveness")
                .isZero();

        metrics.publish(List.of(new CapabilityStatus("x", 1, null, 3)));
        assertThat(gauge("weft.agents.live", "x")).isEqualTo(1);
        assertThat(gauge("weft.tasks.unserved", "x")).isZero();
        assertThat(gauge("weft.agents.live", "y")).as("a capability gone from the view reads 0").isZero();
    }
}
