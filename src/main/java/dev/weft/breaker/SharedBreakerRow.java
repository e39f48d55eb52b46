package dev.weft.breaker;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One capability's row in the shared table, as one replica writes and re-reads it. Apart from
 * {@link CapabilityBreaker} so that class keeps the decisions and this one the table's
 * asynchronous calls: every row the table answers with is handed to the breaker's adopt, and a
 * call that fails is only logged, because the breaker's next admit, tick or outcome asks again.
 */
final class SharedBreakerRow {
    private static final Logger LOG = Logger.getLogger(SharedBreakerRow.class);

    private final String capability;
    private final BreakerStore store;
    private final Consumer<BreakerRow> adopt;
    /** A time-driven move of this replica's is in flight ({@link #moveOn}). */
    private final AtomicBoolean movingOn = new AtomicBoolean();

    SharedBreakerRow(String capability, BreakerStore store, Consumer<BreakerRow> adopt) {
        this.capability = capability;
        this.store = store;
        this.adopt = adopt;
    }

    /**
     * One compare-and-set: the row written is adopted; a lost race runs {@code notTaken} and
     * re-reads the row, a failed write only runs {@code notTaken}.
     */
    void transition(BreakerRow expected, BreakerRow next, Runnable notTaken) {
        transition(expected, next, notTaken, () -> { });
    }

    /**
     * A move that falls due with time (OPEN to HALF_OPEN, stuck probes to OPEN): every admit and
     * tick past the due time asks for it, so one attempt at a time is enough, and one that failed
     * is asked for again.
     */
    void moveOn(BreakerRow expected, BreakerRow next) {
        if (movingOn.compareAndSet(false, true)) {
            transition(expected, next, () -> { }, () -> movingOn.set(false));
        }
    }

    void reload() {
        reload(() -> { });
    }

    /** Re-reads the row and adopts it; {@code adopted} runs after, when there was a row. */
    void reload(Runnable adopted) {
        store.load(capability).subscribe().with(found -> found.ifPresent(r -> {
            adopt.accept(r);
            adopted.run();
        }), e -> LOG.warnf("%s: the breaker could not be re-read: %s", capability, e.getMessage()));
    }

    /** Counts a probe of the half-open phase {@code epoch} as sent. */
    void probeDispatched(long epoch, Instant deadline) {
        store.probeDispatched(capability, epoch, deadline).subscribe().with(
                written -> written.ifPresent(adopt),
                e -> LOG.warnf("%s: a probe sent could not be counted: %s", capability, e.getMessage()));
    }

    /** Counts a probe success of the half-open phase {@code epoch}; the one that reaches the threshold closes. */
    void probeSucceeded(long epoch, int successThreshold, Instant now, String replica, String closeReason) {
        store.probeSucceeded(capability, epoch, successThreshold, now, replica, closeReason).subscribe().with(
                written -> written.ifPresent(adopt),
                e -> LOG.warnf("%s: a probe success could not be recorded: %s", capability, e.getMessage()));
    }

    /**
     * Claims a probe permit of the half-open phase {@code epoch}. The answer (the row with the
     * claim counted, or empty when none was left) goes to {@code answered}, which adopts it itself:
     * whether the permit is still this replica's must be decided together with the adopt.
     */
    void claimProbe(long epoch, int limit, Instant now, Consumer<Optional<BreakerRow>> answered, Runnable failed) {
        store.claimProbe(capability, epoch, limit, now).subscribe().with(answered, e -> {
            failed.run();
            LOG.warnf("%s: no probe permit could be claimed: %s", capability, e.getMessage());
        });
    }

    /** Closes the breaker whatever its state; the row written is adopted before the answer. */
    Uni<BreakerRow> reset(Instant now, String reason, String replica) {
        return store.reset(capability, now, reason, replica).invoke(adopt);
    }

    private void transition(BreakerRow expected, BreakerRow next, Runnable notTaken, Runnable finished) {
        store.transition(expected, next).subscribe().with(written -> {
            finished.run();
            if (written.isPresent()) {
                adopt.accept(written.get());
            } else {
                notTaken.run();
                reload();
            }
        }, e -> {
            finished.run();
            LOG.warnf("%s: the breaker could not go %s: %s", capability, next.state(), e.getMessage());
            notTaken.run();
        });
    }
}
