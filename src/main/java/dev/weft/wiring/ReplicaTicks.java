package dev.weft.wiring;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The replica's periodic work, on the Quarkus scheduler: the outbox sweep and the timer poll. */
@ApplicationScoped
public class ReplicaTicks {

    @Inject
    Replica replica;

    /** Unsent rows are taken up at once after a start (those of a dead process once their claim ran out). */
    void onStart(@Observes StartupEvent event) {
        replica.relay.sweep().subscribe().with(x -> { });
    }

    @Scheduled(every = "${weft.outbox.sweep-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepOutbox() {
        return replica.relay.sweep();
    }

    @Scheduled(every = "${weft.timers.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> pollTimers() {
        return replica.timers.fireDue();
    }
}
