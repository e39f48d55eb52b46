package dev.weft.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Task routing latency: from the moment a step was ready to the broker's acceptance of its task. */
public class RoutingMetrics {
    private final Timer routing;
    /** Exact percentiles for benchmarks, in microseconds; reset by each {@link #takeInterval()}. */
    private final Recorder recorder = new Recorder(3);

    public RoutingMetrics(MeterRegistry registry) {
        routing = Timer.builder("weft.task.routing")
                .description("step ready -> task message accepted by the broker")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    public void recordRouting(Duration latency) {
        routing.record(latency);
        recorder.recordValue(Math.max(0, latency.toNanos() / 1000));
    }

    /** Every routing latency recorded since the previous call, in microseconds. */
    public Histogram takeInterval() {
        return recorder.getIntervalHistogram();
    }

    public Timer routing() {
        return routing;
    }
}
