package dev.weft.breaker;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store whose next answer to a probe success is held back: the write is made at once, the row
 * written reaches the caller only on {@link #release()}. So a test can order a replica's own write
 * answer after a re-read that already shows later writes, as two connections may deliver them.
 */
final class AnswerHeldBackStore implements BreakerStore {
    private final BreakerStore store;
    private boolean holdNext;
    /** The row the held write made, and the answer its caller waits on. */
    private Optional<BreakerRow> written;
    private CompletableFuture<Optional<BreakerRow>> held;

    AnswerHeldBackStore(BreakerStore store) {
        this.store = store;
    }

    /** The next probe success is written, its answer held until {@link #release()}. */
    synchronized void holdNextProbeSuccessAnswer() {
        holdNext = true;
    }

    /** Hands the held answer to the caller, in this thread. */
    void release() {
        CompletableFuture<Optional<BreakerRow>> answer;
        Optional<BreakerRow> row;
        synchronized (this) {
            answer = held;
            row = written;
            held = null;
        }
        answer.complete(row);
    }

    @Override
    public Uni<Optional<BreakerRow>> probeSucceeded(String capability, long epoch, int successThreshold, Instant now,
                                                    String replica, String closeReason) {
        Uni<Optional<BreakerRow>> answer = store.probeSucceeded(capability, epoch, successThreshold, now, replica,
                closeReason);
        synchronized (this) {
            if (!holdNext) {
                return answer;
            }
            holdNext = false;
            written = answer.await().indefinitely();
            held = new CompletableFuture<>();
            return Uni.createFrom().completionStage(held);
        }
    }

    @Override
    public Uni<List<BreakerRow>> loadAll() {
        return store.loadAll();
    }

    @Override
    public Uni<Optional<BreakerRow>> load(String capability) {
        return store.load(capability);
    }

    @Override
    public Uni<Void> register(String capability, Instant now, String replica) {
        return store.register(capability, now, replica);
    }

    @Override
    public Uni<Optional<BreakerRow>> transition(BreakerRow expected, BreakerRow next) {
        return store.transition(expected, next);
    }

    @Override
    public Uni<Optional<BreakerRow>> claimProbe(String capability, long epoch, int limit, Instant now) {
        return store.claimProbe(capability, epoch, limit, now);
    }

    @Override
    public Uni<Optional<BreakerRow>> probeDispatched(String capability, long epoch, Instant deadline) {
        return store.probeDispatched(capability, epoch, deadline);
    }

    @Override
    public Uni<BreakerRow> reset(String capability, Instant now, String reason, String replica) {
        return store.reset(capability, now, reason, replica);
    }
}
