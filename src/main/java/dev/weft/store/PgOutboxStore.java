package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The outbox's other half: rows leave once the broker accepted their message. */
@ApplicationScoped
public class PgOutboxStore {

    @Inject
    Pool pool;

    public Uni<Void> delete(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("delete from outbox where id = any($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Rows written before {@code before} and still here: their send was lost (crash, broker down). */
    public Uni<List<OutboxMessage>> unsent(Instant before, int limit) {
        return pool.preparedQuery("""
                        select id, execution_id, task_id, address, message::text, ready_at from outbox
                        where created_at < $1 order by id limit $2""")
                .execute(Tuple.of(Timestamps.of(before), limit))
                .map(rows -> {
                    List<OutboxMessage> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new OutboxMessage(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), Timestamps.of(r.getOffsetDateTime(5)), null));
                    }
                    return list;
                });
    }
}
