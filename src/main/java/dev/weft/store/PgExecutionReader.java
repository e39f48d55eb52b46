package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads histories and execution summaries. */
@ApplicationScoped
public class PgExecutionReader implements dev.weft.runtime.port.HistoryStore, dev.weft.runtime.port.ExecutionLookup {

    @Inject
    Pool pool;

    @Override
    public Uni<List<StoredEvent>> events(String executionId, long afterSequence, int limit) {
        return pool.preparedQuery("""
                        select execution_id, seq, type, schema_version, step_id, payload::text, recorded_at
                        from execution_events where execution_id = $1 and seq > $2 order by seq limit $3""")
                .execute(Tuple.of(executionId, afterSequence, limit))
                .map(rows -> {
                    List<StoredEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        events.add(new StoredEvent(r.getString(0), r.getLong(1), r.getString(2),
                                r.getShort(3), r.getString(4), r.getString(5),
                                Timestamps.of(r.getOffsetDateTime(6))));
                    }
                    return events;
                });
    }

    @Override
    public Uni<Optional<ExecutionRow>> find(String executionId) {
        return pool.preparedQuery(SELECT + " where id = $1").execute(Tuple.of(executionId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    @Override
    public Uni<Optional<ExecutionRow>> findByRequestId(String tenant, String requestId) {
        return pool.preparedQuery(SELECT + " where tenant = $1 and request_id = $2")
                .execute(Tuple.of(tenant, requestId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    public Uni<List<ExecutionRow>> list(ExecutionQuery q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where tenant = $1");
        List<Object> args = new ArrayList<>(List.of(q.tenant()));
        if (q.workflow() != null) {
            args.add(q.workflow());
            sql.append(" and workflow_name = $").append(args.size());
        }
        if (q.status() != null) {
            args.add(q.status());
            sql.append(" and status = $").append(args.size());
        }
        if (q.shadow() != null) {
            args.add(q.shadow());
            sql.append(" and shadow = $").append(args.size());
        }
        if (q.parentExecutionId() != null) {
            args.add(q.parentExecutionId());
            sql.append(" and parent_execution_id = $").append(args.size());
        }
        if (q.startedAfter() != null) {
            args.add(Timestamps.of(q.startedAfter()));
            sql.append(" and started_at >= $").append(args.size());
        }
        if (q.startedBefore() != null) {
            args.add(Timestamps.of(q.startedBefore()));
            sql.append(" and started_at < $").append(args.size());
        }
        if (q.afterStartedAt() != null) {
            args.add(Timestamps.of(q.afterStartedAt()));
            sql.append(" and (started_at, id) < ($").append(args.size());
            args.add(q.afterId());
            sql.append(", $").append(args.size()).append(")");
        }
        args.add(q.pageSize());
        sql.append(" order by started_at desc, id desc limit $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args))
                .map(rows -> {
                    List<ExecutionRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(row(r)));
                    return list;
                });
    }

    /** Executions with a step held back (its capability's circuit breaker was open). */
    public Uni<List<String>> withHeldSteps() {
        return pool.preparedQuery("select distinct execution_id from step_runs where status = 'HELD' limit 10000")
                .execute().map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Mean duration of the last completed runs of a workflow version, for completion estimates. */
    public Uni<Optional<Duration>> typicalDuration(String tenant, String workflow, int version) {
        return pool.preparedQuery("""
                        select avg(extract(epoch from (ended_at - started_at))) from (
                          select started_at, ended_at from executions
                          where tenant = $1 and workflow_name = $2 and workflow_version = $3 and status = 'COMPLETED'
                          order by ended_at desc limit 50) recent""")
                .execute(Tuple.of(tenant, workflow, version))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Double seconds = r.getValue(0) == null ? null : r.getNumeric(0).doubleValue();
                    return Optional.ofNullable(seconds).map(s -> Duration.ofMillis((long) (s * 1000)));
                });
    }

    private static final String SELECT = """
            select id, tenant, workflow_name, workflow_version, status, started_at, ended_at, version,
                   request_fingerprint, parent_execution_id, shadow
            from executions""";

    private static ExecutionRow row(Row r) {
        return new ExecutionRow(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3), r.getString(4),
                Timestamps.of(r.getOffsetDateTime(5)), Timestamps.of(r.getOffsetDateTime(6)), r.getLong(7),
                r.getString(8), r.getString(9), r.getBoolean(10));
    }
}
