package dev.weft.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Task routing latency: from the moment a step was ready to the broker's acceptance of its task;
 * and the last part of it, from the relay's send (right after the commit) to that acceptance.
 */
public class RoutingMetrics {
    private final Timer routing;
    private final Timer sending;
    /** Exact percentiles for benchmarks, in microseconds; reset by each {@link #takeInterval()}. */
    private final Recorder recorder = new Recorder(3);
    private final Recorder sendRecorder = new Recorder(3);

    public RoutingMetrics(MeterRegistry registry) {
        routing = Timer.builder("weft.task.routing")
                .description("step ready -> task message accepted by the broker")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        sending = Timer.builder("weft.task.send")
                .description("task message handed to the broker -> accepted by it (the end of weft.task.routing)")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    /** @param send from the relay's send to the broker's acceptance, the last part of {@code routing} */
    public void recordRouting(Duration routing, Duration send) {
        this.routing.record(routing);
        recorder.recordValue(Math.max(0, routing.toNanos() / 1000));
        sending.record(send);
        sendRecorder.recordValue(Math.max(0, send.toNanos() / 1000));
    }

    /** Every routing latency recorded since the previous call, in microseconds. */
    public Histogram takeInterval() {
        sendRecorder.getIntervalHistogram(); // the same interval for both
        return recorder.getIntervalHistogram();
    }

    /** The send part of every routing recorded since the previous call, in microseconds. */
    public Histogram takeSendInterval() {
        return sendRecorder.getIntervalHistogram();
    }

    public Timer routing() {
        return routing;
    }
}
