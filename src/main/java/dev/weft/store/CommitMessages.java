package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages one group commit hands to the relay, gathered request by request: a message the
 * engine carries out itself becomes an outbox row of the transaction (ADR 0002); a task message
 * needs no row of its own, its claim rides on its step's row (ADR 0016,
 * {@link #dispatchedTasks}).
 */
final class CommitMessages {
    private static final String INSERT_OUTBOX = """
            insert into outbox (execution_id, task_id, address, message, ready_at, created_at, claimed_until)
            values ($1, $2, $3, $4::text::jsonb, $5, $6, $7) returning id""";

    private final List<OutboxMessage> ordered = new ArrayList<>();
    private final List<Tuple> rows = new ArrayList<>();
    private final List<OutboxMessage> inRows = new ArrayList<>();

    /** The task ids whose messages {@code r} sends from their step rows. */
    static Set<String> dispatchedTasks(CommitRequest r) {
        Set<String> ids = new HashSet<>();
        for (OutboxMessage m : r.outbox()) {
            if (m.kept() == OutboxMessage.Kept.STEP_ROW) {
                ids.add(m.taskId());
            }
        }
        return ids;
    }

    void collect(CommitRequest r) {
        for (OutboxMessage m : r.outbox()) {
            ordered.add(m);
            switch (m.kept()) {
                case OUTBOX_ROW -> {
                    rows.add(Tuple.from(new Object[]{m.executionId(), m.taskId(), m.address(), m.message(),
                            Timestamps.of(m.readyAt()), Timestamps.of(r.now()), Timestamps.of(r.outboxClaimedUntil())}));
                    inRows.add(m);
                }
                // Its claim rides on the step row the commit writes.
                case STEP_ROW -> { }
            }
        }
    }

    /** Inserts the outbox rows; then all messages in request order, the outbox rows with their ids. */
    Uni<List<OutboxMessage>> write(SqlConnection conn) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.copyOf(ordered));
        }
        return conn.preparedQuery(INSERT_OUTBOX).executeBatch(rows).map(first -> {
            List<OutboxMessage> withIds = new ArrayList<>(inRows.size());
            RowSet<Row> rs = first;
            int i = 0;
            while (rs != null && i < inRows.size()) {
                for (Row row : rs) {
                    withIds.add(inRows.get(i++).withId(row.getLong(0)));
                }
                rs = rs.next();
            }
            List<OutboxMessage> all = new ArrayList<>(ordered.size());
            int next = 0;
            for (OutboxMessage m : ordered) {
                all.add(switch (m.kept()) {
                    case OUTBOX_ROW -> withIds.get(next++);
                    case STEP_ROW -> m;
                });
            }
            return all;
        });
    }
}
