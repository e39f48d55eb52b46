package dev.weft.runtime;

import dev.weft.engine.Command;
import dev.weft.runtime.port.Delays;
import dev.weft.runtime.port.TimerStore;
import dev.weft.store.TimerRow;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Fires stored timers. A regular poll ({@link #fireDue()}, driven from outside) finds every due
 * timer, also those of other replicas and from before a restart; a timer committed here that falls
 * due before the next poll also arms an exact wake-up, so short retries and timeouts are not
 * rounded up to the poll interval. A claimed timer goes away only with the decision it caused.
 */
public class TimerService {
    private static final Logger LOG = Logger.getLogger(TimerService.class);
    static final int BATCH = 500;

    private final TimerStore store;
    private final ExecutionRuntime runtime;
    private final InstantSource clock;
    private final Delays delays;
    private final Duration lease;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicLong armedFor = new AtomicLong(Long.MAX_VALUE);

    /** @param lease how long a claimed timer is this replica's before another may fire it again */
    public TimerService(TimerStore store, ExecutionRuntime runtime, InstantSource clock, Delays delays,
                        Duration lease) {
        this.store = store;
        this.runtime = runtime;
        this.clock = clock;
        this.delays = delays;
        this.lease = lease;
    }

    /** Makes sure a poll runs by {@code due}. */
    public void wakeUpBy(Instant due) {
        long dueMillis = due.toEpochMilli();
        long current = armedFor.get();
        if (dueMillis >= current || !armedFor.compareAndSet(current, dueMillis)) {
            return;
        }
        long delay = Math.max(1, dueMillis - clock.instant().toEpochMilli() + 1);
        delays.after(Duration.ofMillis(delay), () -> {
            armedFor.compareAndSet(dueMillis, Long.MAX_VALUE);
            fireDue().subscribe().with(x -> { }, e -> { });
        });
    }

    /** Claims every due timer and hands each to its execution. */
    public Uni<Void> fireDue() {
        if (!polling.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return store.claimDue(clock.instant(), lease, BATCH)
                .chain(this::fireAll)
                .eventually(() -> polling.set(false))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("timer poll failed: %s", e.getMessage());
                    return null;
                });
    }

    private Uni<Void> fireAll(List<TimerRow> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> fired = due.stream().map(this::fire).toList();
        return Uni.join().all(fired).andCollectFailures().replaceWithVoid()
                .onFailure().recoverWithNull()
                .chain(() -> due.size() >= BATCH ? fireMore() : Uni.createFrom().voidItem());
    }

    private Uni<Void> fireMore() {
        polling.set(false);
        return fireDue();
    }

    private Uni<Void> fire(TimerRow t) {
        return runtime.submit(t.executionId(), new Command.FireTimer(t.kind(), t.stepId(), t.attempt()), t.id())
                .replaceWithVoid()
                .onFailure(ExecutionNotFoundException.class).recoverWithUni(() -> store.delete(t))
                .onFailure().invoke(e -> LOG.warnf("timer %s: %s (fired again after its lease)", t.id(), e.getMessage()));
    }
}
