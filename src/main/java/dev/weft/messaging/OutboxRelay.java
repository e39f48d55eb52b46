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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The sending half of the transactional outbox (docs/adr/0002, 0016). The replica that committed a
 * message holds a claim on it and sends it at once; the message is forgotten only after the broker
 * accepted it, so a crash in between resends it (a duplicate, never a loss). A task message is
 * forgotten lazily: its step row's claim is cleared by the attempt's result anyway, so the
 * acceptance is written only for a task still out after {@code acceptMarkDelay}. A send that
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
     * @param acceptMarkDelay how long after the broker accepted a task message its acceptance is
     *                   written, if its result has not cleared the claim by then (ADR 0016); the
     *                   acceptance must be written before the claim runs out, or another replica
     *                   sends a duplicate
     */
    public record Settings(Duration sendTimeout, Duration claim, Duration retryAfter, Duration acceptMarkDelay) {
        public Settings {
            if (claim.compareTo(sendTimeout.plus(acceptMarkDelay.multipliedBy(2))) <= 0) {
                throw new IllegalArgumentException("the outbox claim (" + claim + ") must outlast the send timeout ("
                        + sendTimeout + ") and twice the accept mark delay (" + acceptMarkDelay + ")");
            }
        }

        /** With the default accept mark delay. */
        public Settings(Duration sendTimeout, Duration claim, Duration retryAfter) {
            this(sendTimeout, claim, retryAfter, Duration.ofSeconds(3));
        }
    }

    private final TaskSender sender;
    private final java.util.function.Function<OutboxMessage, Uni<Void>> local;
    private final OutboxStore store;
    private final RoutingMetrics metrics;
    private final InstantSource clock;
    private final Settings settings;
    /** Sends waiting for the broker's answer. */
    private final Map<OutboxMessage.Key, Pending> inFlight = new ConcurrentHashMap<>();
    private final RowBatcher<OutboxMessage.Key> deletes;
    private final RowBatcher<OutboxMessage.Key> releases;
    /** Task messages the broker accepted, oldest first, whose acceptance is not written yet. */
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean marksArmed = new AtomicBoolean();
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
        this.deletes = new RowBatcher<>("forgetting sent", SWEEP_BATCH, store::delete);
        this.releases = new RowBatcher<>("releasing unsent", SWEEP_BATCH, keys -> store.release(keys)
                .invoke(this::sweepSoon));
    }

    private record Accepted(OutboxMessage.Key key, Instant at) {
    }

    /** Told of each message the broker accepted (not of those carried out inside the engine). */
    @FunctionalInterface
    public interface SendListener {
        void accepted(OutboxMessage message, Instant sentAt, Instant acceptedAt);
    }

    private final List<SendListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onAccepted(SendListener listener) {
        listeners.add(listener);
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
            if (inFlight.putIfAbsent(m.key(), p) == null) {
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
                inFlight.remove(m.key(), p);
                if (!isLocal) {
                    Instant accepted = clock.instant();
                    metrics.recordRouting(Duration.between(m.readyAt(), accepted), Duration.between(p.sentAt(), accepted));
                    for (SendListener l : listeners) {
                        l.accepted(m, p.sentAt(), accepted);
                    }
                }
            }
            // Even after a timeout: the broker has it, so the message can be forgotten.
            forget(m);
        }, failure -> {
            if (p.settled().compareAndSet(false, true)) {
                LOG.debugf("task %s not sent (%s); it will be sent again", m.taskId(), failure.getMessage());
                giveUp(p);
            }
        });
    }

    /** Hands the row back: its claim is dropped so the next sweep, here or elsewhere, takes it. */
    private void giveUp(Pending p) {
        inFlight.remove(p.message().key(), p);
        releases.add(p.message().key());
    }

    private void forget(OutboxMessage m) {
        switch (m.kept()) {
            case OUTBOX_ROW -> deletes.add(m.key());
            case STEP_ROW -> {
                accepted.add(new Accepted(m.key(), clock.instant()));
                armMarks();
            }
        }
    }

    /** Writes the acceptances that are due after one mark delay (and again while some wait). */
    private void armMarks() {
        if (marksArmed.compareAndSet(false, true)) {
            delays.after(settings.acceptMarkDelay(), () -> {
                marksArmed.set(false);
                markDue();
            });
        }
    }

    private void markDue() {
        Instant due = clock.instant().minus(settings.acceptMarkDelay());
        Accepted a;
        while ((a = accepted.peek()) != null && !a.at().isAfter(due)) {
            Accepted head = accepted.poll();
            if (head != null) {
                deletes.add(head.key());
            }
        }
        if (!accepted.isEmpty()) {
            armMarks();
        }
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

    /** Task messages the broker accepted whose acceptance is not written yet (for tests). */
    public int acceptancesUnwritten() {
        return accepted.size();
    }
}
