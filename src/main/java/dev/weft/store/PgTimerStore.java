package dev.weft.store;

import dev.weft.engine.TimerKind;
import dev.weft.runtime.port.TimerStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers live in PostgreSQL so they survive restarts. A replica claims due timers for a lease
 * with {@code FOR UPDATE SKIP LOCKED}, so two replicas never fire the same timer at once and a
 * replica that dies mid-way leaves its claims to expire and be taken again.
 */
public class PgTimerStore implements TimerStore {
    private final Pool pool;

    public PgTimerStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<List<TimerRow>> claimDue(Instant now, Duration lease, int limit) {
        return pool.preparedQuery("""
                        update timers set claimed_until = $2
                        where id in (select id from timers
                                     where due_at <= $1 and (claimed_until is null or claimed_until < $1)
                                     order by due_at limit $3 for update skip locked)
                        returning id, execution_id, kind, step_id, attempt, due_at""")
                .execute(Tuple.of(Timestamps.of(now), Timestamps.of(now.plus(lease)), limit))
                .map(rows -> {
                    List<TimerRow> timers = new ArrayList<>();
                    for (Row r : rows) {
                        timers.add(new TimerRow(r.getString(0), r.getString(1), TimerKind.valueOf(r.getString(2)),
                                r.getString(3), r.getInteger(4), Timestamps.of(r.getOffsetDateTime(5))));
                    }
                    return timers;
                });
    }

    @Override
    public Uni<Void> delete(String timerId) {
        return pool.preparedQuery("delete from timers where id = $1").execute(Tuple.of(timerId)).replaceWithVoid();
    }
}
