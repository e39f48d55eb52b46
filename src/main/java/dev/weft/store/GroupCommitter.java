package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Group commit: the decisions of many executions go into one transaction. Nothing waits for a
 * batching window: while {@code maxInFlight} transactions run, new requests queue up and the
 * next free connection takes all of them at once, so batches grow with load by themselves and a
 * lone request commits at once.
 */
@ApplicationScoped
public class GroupCommitter {
    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    private record Pending(CommitRequest request, UniEmitter<? super List<OutboxMessage>> emitter) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PgCommitWriter writer = new PgCommitWriter();

    @Inject
    Pool pool;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private io.micrometer.core.instrument.Timer commitTime;
    private io.micrometer.core.instrument.Timer connectionWait;
    private io.micrometer.core.instrument.DistributionSummary batchSize;

    /** Looked up once: the commit path is hot. */
    @jakarta.annotation.PostConstruct
    void meters() {
        commitTime = registry.timer("weft.store.commit");
        connectionWait = registry.timer("weft.store.commit.wait");
        batchSize = registry.summary("weft.store.commit.batch");
    }

    @ConfigProperty(name = "weft.store.commit.max-in-flight", defaultValue = "4")
    int maxInFlight;

    @ConfigProperty(name = "weft.store.commit.max-batch", defaultValue = "256")
    int maxBatch;

    /** Commits one decision; the item is its outbox messages with their row ids. */
    public Uni<List<OutboxMessage>> commit(CommitRequest request) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(request, emitter));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
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
        return pool.withTransaction(conn -> {
                    connectionWait.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return writer.write(conn, requests);
                })
                .invoke(outbox -> {
                    commitTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    batchSize.record(batch.size());
                    complete(batch, outbox);
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1) {
                        batch.get(0).emitter().fail(failure);
                        return Uni.createFrom().voidItem();
                    }
                    // One conflicting execution must not fail its neighbours: retry them one by one.
                    LOG.debugf("group commit of %d failed (%s), retrying singly", batch.size(), failure.getMessage());
                    return Uni.join().all(batch.stream().map(single -> writeBatch(List.of(single))).toList())
                            .andCollectFailures().replaceWithVoid();
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
