package dev.weft.messaging;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies one statement to many rows at once: ids queue up while a statement runs, and the next
 * statement takes all of them. A failed statement is logged; the rows stay as they were, which
 * the outbox tolerates (an undeleted row is sent again, an unreleased claim runs out by itself).
 */
final class RowBatcher {
    private static final Logger LOG = Logger.getLogger(RowBatcher.class);

    private final String what;
    private final int maxBatch;
    private final Function<List<Long>, Uni<Void>> statement;
    private final ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    RowBatcher(String what, int maxBatch, Function<List<Long>, Uni<Void>> statement) {
        this.what = what;
        this.maxBatch = maxBatch;
        this.statement = statement;
    }

    void add(long id) {
        queue.add(id);
        run();
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        Long id;
        while (ids.size() < maxBatch && (id = queue.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            running.set(false);
            return;
        }
        statement.apply(ids).subscribe().with(ok -> done(), failure -> {
            LOG.warnf("%s of %d outbox rows failed: %s", what, ids.size(), failure.getMessage());
            done();
        });
    }

    private void done() {
        running.set(false);
        if (!queue.isEmpty()) {
            run();
        }
    }
}
