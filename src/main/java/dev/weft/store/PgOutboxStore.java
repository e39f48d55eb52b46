package dev.weft.store;

import dev.weft.runtime.port.OutboxStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The outbox's other half in PostgreSQL: claims, releases and deletions of sent rows. */
public class PgOutboxStore implements OutboxStore {
    private final Pool pool;

    public PgOutboxStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("delete from outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("update outbox set claimed_until = '-infinity' where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    @Override
    public Uni<List<OutboxMessage>> claimUnsent(Instant now, Duration lease, int limit) {
        return pool.preparedQuery("""
                        update outbox set claimed_until = $2
                        where id in (select id from outbox where claimed_until < $1
                                     order by id limit $3 for update skip locked)
                        returning id, execution_id, task_id, address, message::text, ready_at""")
                .execute(Tuple.of(Timestamps.of(now), Timestamps.of(now.plus(lease)), limit))
                .map(rows -> {
                    List<OutboxMessage> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new OutboxMessage(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), Timestamps.of(r.getOffsetDateTime(5)), null));
                    }
                    list.sort(Comparator.comparingLong(OutboxMessage::id));
                    return list;
                });
    }
}
