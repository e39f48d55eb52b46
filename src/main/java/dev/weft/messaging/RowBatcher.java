package dev.weft.messaging;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies one statement to many rows at once: their keys queue up while a statement runs, and the next
 * statement takes all of them. A failed statement is logged; the rows stay as they were, which
 * the outbox tolerates (an undeleted row is sent again, an unreleased claim runs out by itself).
 */
final class RowBatcher<T> {
    private static final Logger LOG = Logger.getLogger(RowBatcher.class);

    private final String what;
    private final int maxBatch;
    private final Function<List<T>, Uni<Void>> statement;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    RowBatcher(String what, int maxBatch, Function<List<T>, Uni<Void>> statement) {
        this.what = what;
        this.maxBatch = maxBatch;
        this.statement = statement;
    }

    void add(T id) {
        queue.add(id);
        run();
    }

    private void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        List<T> ids = new ArrayList<>();
        T id;
        while (ids.size() < maxBatch && (id = queue.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            running.set(false);
            return;
        }
        statement.apply(ids).subscribe().with(ok -> done(), failure -> {
            LOG.warnf("%s of %d outbox messages failed: %s", what, ids.size(), failure.getMessage());
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
