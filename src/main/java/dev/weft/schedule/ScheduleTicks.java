package dev.weft.schedule;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/** Polls for due schedules on the Quarkus scheduler; every replica does, the claim keeps them apart. */
@ApplicationScoped
public class ScheduleTicks {
    private static final Logger LOG = Logger.getLogger(ScheduleTicks.class);

    @Inject
    InstantSource clock;
    @Inject
    SchedulePoller poller;

    @Scheduled(every = "${weft.schedules.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollSchedules() {
        return poller.poll(clock.instant()).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("schedule poll failed (the next poll fires the same times again): %s", e.getMessage());
                    return null;
                });
    }
}
