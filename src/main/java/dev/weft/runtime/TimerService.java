package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.store.DueTimer;
import dev.weft.store.PgTimerStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Fires stored timers. A regular poll finds every due timer (also those of other replicas and
 * from before a restart); a timer started here that falls due before the next poll also arms
 * an exact wake-up, so short retries and timeouts are not rounded up to the poll interval.
 */
@ApplicationScoped
public class TimerService {
    private static final Logger LOG = Logger.getLogger(TimerService.class);
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    PgTimerStore store;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    InstantSource clock;
    @Inject
    Vertx vertx;

    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicLong armedFor = new AtomicLong(Long.MAX_VALUE);

    void wakeUpBy(Instant due) {
        long dueMillis = due.toEpochMilli();
        long current = armedFor.get();
        if (dueMillis >= current || !armedFor.compareAndSet(current, dueMillis)) {
            return;
        }
        long delay = Math.max(1, dueMillis - clock.instant().toEpochMilli() + 1);
        vertx.setTimer(delay, id -> {
            armedFor.compareAndSet(dueMillis, Long.MAX_VALUE);
            fireDue().subscribe().with(x -> { }, e -> { });
        });
    }

    @Scheduled(every = "${weft.timers.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return fireDue();
    }

    /** Claims every due timer and hands each to its execution; the claim ends with the decision. */
    public Uni<Void> fireDue() {
        if (!polling.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return store.claimDue(clock.instant(), LEASE, 500)
                .chain(this::fireAll)
                .eventually(() -> polling.set(false))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("timer poll failed: %s", e.getMessage());
                    return null;
                });
    }

    private Uni<Void> fireAll(List<DueTimer> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> fired = due.stream().map(this::fire).toList();
        return Uni.join().all(fired).andCollectFailures().replaceWithVoid()
                .chain(() -> due.size() == 500 ? fireDue() : Uni.createFrom().voidItem());
    }

    private Uni<Void> fire(DueTimer t) {
        return runtime.submit(t.executionId(), new Command.FireTimer(t.kind(), t.stepId(), t.attempt()), t.id())
                .replaceWithVoid()
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(() -> store.delete(t.id()))
                .onFailure().invoke(e -> LOG.warnf("timer %s: %s (retried after its lease)", t.id(), e.getMessage()));
    }
}
