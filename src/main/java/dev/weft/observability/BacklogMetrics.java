package dev.weft.observability;

import dev.weft.store.PgBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.InstantSource;

/**
 * Backlog gauges, {@code weft.outbox.backlog} (outbox rows not yet sent) and {@code weft.timers.due}
 * (timers and deadlines due and not claimed), from the last refresh: the database is read on a
 * tick ({@code weft.metrics.backlog-interval}), never per scrape, so scrapers add no load on it.
 * Every replica reads the same numbers (they are the database's), so take max, not sum, across pods.
 */
@ApplicationScoped
public class BacklogMetrics {
    @Inject
    PgBacklog backlog;
    @Inject
    MeterRegistry registry;
    @Inject
    InstantSource clock;

    private volatile PgBacklog.Counts last = new PgBacklog.Counts(0, 0);

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("weft.outbox.backlog", this, m -> m.last.outbox())
                .description("outbox rows not yet sent, at the last refresh").register(registry);
        Gauge.builder("weft.timers.due", this, m -> m.last.timersDue())
                .description("timers and deadlines due and not claimed by a poller, at the last refresh")
                .register(registry);
    }

    @Scheduled(every = "${weft.metrics.backlog-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return backlog.count(clock.instant()).invoke(counts -> last = counts)
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
