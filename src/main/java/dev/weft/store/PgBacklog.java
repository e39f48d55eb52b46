package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Work waiting in the database, in one statement: outbox rows not yet sent (a sent row is
 * deleted, so every row counts) and timers due by {@code now} that no poller holds a claim on —
 * the {@code timers} table and the deadline columns of step_runs and executions, as
 * {@link PgTimerStore} claims them.
 */
@ApplicationScoped
public class PgBacklog {

    /**
     * @param outbox    outbox rows and task messages not known to be accepted yet (ADR 0016)
     * @param timersDue due, unclaimed timers and deadlines
     */
    public record Counts(long outbox, long timersDue) {
    }

    private static final String COUNT = """
            select (select count(*) from outbox)
                 + (select count(*) from step_runs where send_claimed_until is not null),
                   (select count(*) from timers
                    where due_at <= $1 and (claimed_until is null or claimed_until < $1))
                 + (select count(*) from step_runs
                    where deadline_at <= $1 and (deadline_claimed_until is null or deadline_claimed_until < $1))
                 + (select count(*) from executions
                    where deadline_at <= $1 and (deadline_claimed_until is null or deadline_claimed_until < $1))""";

    @Inject
    Pool pool;

    public Uni<Counts> count(Instant now) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(Timestamps.of(now))).map(rows -> {
            Row r = rows.iterator().next();
            return new Counts(r.getLong(0), r.getLong(1));
        });
    }
}
