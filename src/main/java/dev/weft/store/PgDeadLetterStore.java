package dev.weft.store;

import dev.weft.runtime.port.DeadLetterStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Dead letters in PostgreSQL: kept with the reason and what is known of their task. */
public class PgDeadLetterStore implements DeadLetterStore {
    private final Pool pool;

    public PgDeadLetterStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Long> add(DeadLetter d) {
        return pool.preparedQuery("""
                        insert into dead_letters (received_at, source, reason, properties, body, body_bytes, tenant,
                                                  execution_id, step_id, attempt, task_id)
                        values ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9, $10, $11) returning id""")
                .execute(Tuple.from(new Object[]{Timestamps.of(d.receivedAt()), d.source(), d.reason(),
                        Json.write(d.properties()), d.body(), d.bodyBytes(), d.tenant(), d.executionId(), d.stepId(),
                        d.attempt(), d.taskId()}))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Long> count() {
        return pool.query("select count(*) from dead_letters").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
