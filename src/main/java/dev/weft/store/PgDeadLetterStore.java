package dev.weft.store;

import dev.weft.runtime.port.DeadLetterStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                .execute(tuple(d))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The insert's parameters, in the column order every insert of a dead letter uses. */
    static Tuple tuple(DeadLetter d) {
        return Tuple.from(new Object[]{Timestamps.of(d.receivedAt()), d.source(), d.reason(),
                Json.write(d.properties()), d.body(), d.bodyBytes(), d.tenant(), d.executionId(), d.stepId(),
                d.attempt(), d.taskId()});
    }

    private static final String COLUMNS = """
            id, received_at, source, reason, properties::text, body, body_bytes, tenant, execution_id, step_id,
            attempt, task_id, status, resolved_at, resolution""";
    /** A tenant sees its own letters; those that name no tenant only the default tenant does. */
    private static final String VISIBLE_TO = "(tenant = $1 or (tenant is null and $1 = 'default'))";

    /** Newest first. */
    public Uni<List<StoredDeadLetter>> list(DeadLetterQuery q) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from dead_letters where " + VISIBLE_TO);
        List<Object> args = new ArrayList<>(List.of(q.tenant()));
        if (q.executionId() != null) {
            args.add(q.executionId());
            sql.append(" and execution_id = $").append(args.size());
        }
        if (q.source() != null) {
            args.add(q.source());
            sql.append(" and source = $").append(args.size());
        }
        if (q.status() != null) {
            args.add(q.status());
            sql.append(" and status = $").append(args.size());
        }
        if (q.beforeId() != null) {
            args.add(q.beforeId());
            sql.append(" and id < $").append(args.size());
        }
        args.add(q.pageSize());
        sql.append(" order by id desc limit $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<StoredDeadLetter> out = new ArrayList<>();
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    public Uni<Optional<StoredDeadLetter>> get(String tenant, long id) {
        return pool.preparedQuery("select " + COLUMNS + " from dead_letters where id = $2 and " + VISIBLE_TO)
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** For a letter of no execution, which has no history to record it in; false when it was not open. */
    public Uni<Boolean> resolve(long id, String status, String note, Instant at) {
        return pool.preparedQuery("""
                        update dead_letters set status = $2, resolution = $3, resolved_at = $4
                        where id = $1 and status = 'OPEN'""")
                .execute(Tuple.of(id, status, note, Timestamps.of(at))).map(rows -> rows.rowCount() == 1);
    }

    @SuppressWarnings("unchecked")
    private static StoredDeadLetter row(Row r) {
        Object props = r.getString(4) == null ? Map.of() : Json.readTree(r.getString(4));
        Map<String, Object> properties = props instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Long bytes = r.getLong(6);
        DeadLetter letter = new DeadLetter(Timestamps.of(r.getOffsetDateTime(1)), r.getString(2), r.getString(3),
                properties, r.getString(5), bytes == null ? 0 : bytes, r.getString(7), r.getString(8),
                r.getString(9), r.getInteger(10), r.getString(11));
        return new StoredDeadLetter(r.getLong(0), letter, r.getString(12),
                r.getOffsetDateTime(13) == null ? null : Timestamps.of(r.getOffsetDateTime(13)), r.getString(14));
    }

    public Uni<Long> count() {
        return pool.query("select count(*) from dead_letters").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
