package dev.weft.messaging;

import dev.weft.runtime.port.Delays;
import dev.weft.runtime.port.OutboxStore;
import dev.weft.runtime.port.TaskSender;
import dev.weft.runtime.LocalAddresses;
import dev.weft.store.OutboxMessage;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The sending half of the transactional outbox (docs/adr/0002). The replica that committed a row
 * holds a claim on it and sends it at once; the row leaves the table only after the broker
 * accepted its message, so a crash in between resends it (a duplicate, never a loss). A send that
 * fails, or gets no answer within {@code sendTimeout}, hands its claim back; a row whose claim was
 * handed back or ran out (its replica died) is claimed again by whichever replica's
 * {@link #sweep()} comes first: a broker restart, a lost acknowledgement or a dead replica delays
 * a task, never strands it.
 */
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int SWEEP_BATCH = 1000;

    /**
     * @param claim      how long a claimed row is this replica's; longer than {@code sendTimeout}
     * @param retryAfter how soon rows handed back are swept again (a broker back after a restart
     *                   should not wait for the regular sweep)
     */
    public record Settings(Duration sendTimeout, Duration claim, Duration retryAfter) {
        public Settings {
            if (claim.compareTo(sendTimeout) <= 0) {
                throw new IllegalArgumentException("the outbox claim (" + claim
                        + ") must outlast the send timeout (" + sendTimeout + ")");
            }
        }
    }

    private final TaskSender sender;
    private final java.util.function.Function<OutboxMessage, Uni<Void>> local;
    private final OutboxStore store;
    private final RoutingMetrics metrics;
    private final InstantSource clock;
    private final Settings settings;
    /** Sends waiting for the broker's answer, by row id. */
    private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
    private final RowBatcher deletes;
    private final RowBatcher releases;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean sweepSoon = new AtomicBoolean();
    private final Delays delays;

    /** @param local carries out a row addressed inside the engine ({@link LocalAddresses}; no broker involved) */
    public OutboxRelay(TaskSender sender, java.util.function.Function<OutboxMessage, Uni<Void>> local,
                       OutboxStore store, RoutingMetrics metrics, InstantSource clock, Delays delays,
                       Settings settings) {
        this.delays = delays;
        this.sender = sender;
        this.local = local;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.deletes = new RowBatcher("deleting sent", SWEEP_BATCH, store::delete);
        this.releases = new RowBatcher("releasing unsent", SWEEP_BATCH, ids -> store.release(ids)
                .invoke(this::sweepSoon));
    }

    /** A send whose outcome is not known yet; whichever of answer and timeout comes first settles it. */
    private record Pending(OutboxMessage message, Instant sentAt, Instant giveUpAt, AtomicBoolean settled) {
    }

    /** Sends rows this replica holds a claim on (just committed, or just swept). */
    public void send(List<OutboxMessage> messages) {
        Instant now = clock.instant();
        Instant giveUpAt = now.plus(settings.sendTimeout());
        for (OutboxMessage m : messages) {
            Pending p = new Pending(m, now, giveUpAt, new AtomicBoolean());
            if (inFlight.putIfAbsent(m.id(), p) == null) {
                sendOne(p);
            }
        }
    }

    private void sendOne(Pending p) {
        OutboxMessage m = p.message();
        boolean isLocal = LocalAddresses.isLocal(m.address());
        Uni<Void> delivery = isLocal ? Uni.createFrom().deferred(() -> local.apply(m)) : sender.send(m);
        delivery.subscribe().with(ok -> {
            if (p.settled().compareAndSet(false, true)) {
                inFlight.remove(m.id(), p);
                if (!isLocal) {
                    Instant accepted = clock.instant();
                    metrics.recordRouting(Duration.between(m.readyAt(), accepted), Duration.between(p.sentAt(), accepted));
                }
            }
            // Even after a timeout: the broker has it, so the row can go.
            deletes.add(m.id());
        }, failure -> {
            if (p.settled().compareAndSet(false, true)) {
                LOG.debugf("task %s not sent (%s); it will be sent again", m.taskId(), failure.getMessage());
                giveUp(p);
            }
        });
    }

    /** Hands the row back: its claim is dropped so the next sweep, here or elsewhere, takes it. */
    private void giveUp(Pending p) {
        inFlight.remove(p.message().id(), p);
        releases.add(p.message().id());
    }

    /** Rows were handed back: sweep again shortly, once, rather than at the next regular sweep. */
    private void sweepSoon() {
        if (sweepSoon.compareAndSet(false, true)) {
            delays.after(settings.retryAfter(), () -> {
                sweepSoon.set(false);
                sweep().subscribe().with(x -> { });
            });
        }
    }

    /**
     * Sends with no answer by their deadline: the broker may or may not have them (a lost
     * acknowledgement, a connection that died silently). They are sent again.
     */
    private void giveUpOverdue() {
        Instant now = clock.instant();
        for (Pending p : inFlight.values()) {
            if (p.giveUpAt().isBefore(now) && p.settled().compareAndSet(false, true)) {
                LOG.warnf("task %s: no answer from the broker within %s; it will be sent again",
                        p.message().taskId(), settings.sendTimeout());
                giveUp(p);
            }
        }
    }

    /**
     * Claims rows whose claim ran out (unsent after a crash, a failed send or a lost answer) and
     * sends them; with several replicas each row is claimed by one of them at a time.
     */
    public Uni<Void> sweep() {
        giveUpOverdue();
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return store.claimUnsent(clock.instant(), settings.claim(), SWEEP_BATCH)
                .invoke(this::send)
                .replaceWithVoid()
                .eventually(() -> sweeping.set(false))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("outbox sweep failed: %s", e.getMessage());
                    return null;
                });
    }

    /** Rows being sent by this replica right now (for tests and metrics). */
    public int inFlight() {
        return inFlight.size();
    }
}
