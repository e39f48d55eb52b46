package dev.weft.store;

import dev.weft.runtime.port.CommitStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Group commit: the decisions of many executions go into one transaction. Nothing waits for a
 * batching window: while a transaction runs, new requests queue up and the next transaction takes
 * all of them at once, so batches grow with load by themselves and a lone request commits at once.
 * A further transaction (up to {@code maxInFlight}) starts beside a running one only for a backlog
 * of at least {@link #PARALLEL_AFTER} requests: at a steady rate one transaction at a time groups
 * best and keeps PostgreSQL's WAL flushes few (with four at once, routing p99 passed 20 ms at half
 * the rate, docs/performance.md), while a burst still gets the second one. A failed batch is
 * retried request by request, so one execution's conflict does not fail its neighbours.
 */
public class GroupCommitter implements CommitStore {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    private record Pending(CommitRequest request, UniEmitter<? super List<OutboxMessage>> emitter) {
    }

    /** Waiting requests for which another transaction starts beside a running one. */
    static final int PARALLEL_AFTER = 64;

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** The queue's length (its own size() walks it). */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final BatchWriter writer;
    private final int maxInFlight;
    private final int maxBatch;
    private final Timer commitTime;
    private final DistributionSummary batchSize;

    public GroupCommitter(BatchWriter writer, int maxInFlight, int maxBatch, MeterRegistry registry) {
        this.writer = writer;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
        // Looked up once: the commit path is hot.
        this.commitTime = registry.timer("weft.store.commit");
        this.batchSize = registry.summary("weft.store.commit.batch");
    }

    @Override
    public Uni<List<OutboxMessage>> commit(CommitRequest request) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(request, emitter));
            queued.incrementAndGet();
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight || running > 0 && queued.get() < PARALLEL_AFTER) {
                return; // a finishing transaction drains again
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < maxBatch && (p = queue.poll()) != null) {
                batch.add(p);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            writeBatch(batch).subscribe().with(ignored -> finished(), failure -> finished());
        }
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private Uni<Void> writeBatch(List<Pending> batch) {
        List<CommitRequest> requests = batch.stream().map(Pending::request).toList();
        long start = System.nanoTime();
        return writer.write(requests)
                .invoke(outbox -> {
                    commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    batchSize.record(batch.size());
                    complete(batch, outbox);
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1) {
                        batch.get(0).emitter().fail(failure);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("group commit of %d failed (%s), retrying singly", batch.size(), failure.getMessage());
                    return Uni.join().all(batch.stream().map(single -> writeBatch(List.of(single))).toList())
                            .andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
                });
    }

    private static void complete(List<Pending> batch, List<OutboxMessage> outbox) {
        int offset = 0;
        for (Pending p : batch) {
            int n = p.request().outbox().size();
            p.emitter().complete(List.copyOf(outbox.subList(offset, offset + n)));
            offset += n;
        }
    }
}
