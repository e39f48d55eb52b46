package dev.weft.breaker;

import dev.weft.store.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The breakers' shared truth in PostgreSQL ({@code circuit_breakers}, V5). Each write is one
 * statement: a conditional INSERT/UPDATE in a CTE whose changed row is selected together with
 * {@code pg_notify}, so the announcement goes out exactly when (and only if) the change commits.
 */
public class PgBreakerStore implements BreakerStore {
    public static final String CHANNEL = "weft_breakers";
    private static final String COLUMNS = "capability, state, epoch, since, open_until, reason, changed_by, "
            + "probes_claimed, probe_successes, last_probe_at, probes_dispatched, probe_deadline";
    private static final String ANNOUNCE = " select " + COLUMNS + ", pg_notify('" + CHANNEL
            + "', capability) from changed";

    private final Pool pool;

    public PgBreakerStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<List<BreakerRow>> loadAll() {
        return pool.query("select " + COLUMNS + " from circuit_breakers order by capability").execute()
                .map(rows -> {
                    List<BreakerRow> all = new ArrayList<>();
                    rows.forEach(r -> all.add(read(r)));
                    return all;
                });
    }

    @Override
    public Uni<Optional<BreakerRow>> load(String capability) {
        return pool.preparedQuery("select " + COLUMNS + " from circuit_breakers where capability = $1")
                .execute(Tuple.of(capability)).map(PgBreakerStore::first);
    }

    @Override
    public Uni<Void> register(String capability, Instant now, String replica) {
        return pool.preparedQuery("with changed as (insert into circuit_breakers (" + COLUMNS + ")"
                        + " values ($1, 'CLOSED', 0, $2, null, '', $3, 0, 0, null, 0, null)"
                        + " on conflict (capability) do nothing returning " + COLUMNS + ")" + ANNOUNCE)
                .execute(Tuple.of(capability, Timestamps.of(now), replica)).replaceWithVoid();
    }

    @Override
    public Uni<Optional<BreakerRow>> transition(BreakerRow expected, BreakerRow next) {
        return pool.preparedQuery("with changed as (insert into circuit_breakers as b (" + COLUMNS + ")"
                        + " values ($1, $2, $3, $4, $5, $6, $7, 0, 0, null, 0, null)"
                        + " on conflict (capability) do update set state = excluded.state, epoch = excluded.epoch,"
                        + " since = excluded.since, open_until = excluded.open_until, reason = excluded.reason,"
                        + " changed_by = excluded.changed_by, probes_claimed = 0, probe_successes = 0,"
                        + " last_probe_at = null, probes_dispatched = 0, probe_deadline = null"
                        + " where b.epoch = $8 and b.state = $9 returning " + prefixed("b") + ")" + ANNOUNCE)
                .execute(Tuple.tuple().addValue(next.capability()).addValue(next.state().name())
                        .addValue(next.epoch()).addValue(Timestamps.of(next.since()))
                        .addValue(Timestamps.of(next.openUntil())).addValue(next.reason())
                        .addValue(next.changedBy()).addValue(expected.epoch()).addValue(expected.state().name()))
                .map(PgBreakerStore::first);
    }

    @Override
    public Uni<Optional<BreakerRow>> claimProbe(String capability, long epoch, int limit, Instant now) {
        return pool.preparedQuery("with changed as (update circuit_breakers"
                        + " set probes_claimed = probes_claimed + 1, last_probe_at = $4"
                        + " where capability = $1 and epoch = $2 and state = 'HALF_OPEN' and probes_claimed < $3"
                        + " returning " + COLUMNS + ")" + ANNOUNCE)
                .execute(Tuple.of(capability, epoch, limit, Timestamps.of(now))).map(PgBreakerStore::first);
    }

    @Override
    public Uni<Optional<BreakerRow>> probeDispatched(String capability, long epoch, Instant deadline) {
        return pool.preparedQuery("with changed as (update circuit_breakers"
                        + " set probes_dispatched = probes_dispatched + 1,"
                        + " probe_deadline = greatest(probe_deadline, $3)"
                        + " where capability = $1 and epoch = $2 and state = 'HALF_OPEN'"
                        + " returning " + COLUMNS + ")" + ANNOUNCE)
                .execute(Tuple.of(capability, epoch, Timestamps.of(deadline))).map(PgBreakerStore::first);
    }

    @Override
    public Uni<Optional<BreakerRow>> probeSucceeded(String capability, long epoch, int successThreshold, Instant now,
                                                    String replica, String closeReason) {
        // Values on the right of SET are the old row's: "closes" is the success that reaches the threshold.
        String closes = "probe_successes + 1 >= $3";
        return pool.preparedQuery("with changed as (update circuit_breakers set"
                        + " state = case when " + closes + " then 'CLOSED' else state end,"
                        + " epoch = case when " + closes + " then epoch + 1 else epoch end,"
                        + " since = case when " + closes + " then $4 else since end,"
                        + " reason = case when " + closes + " then $6 else reason end,"
                        + " changed_by = case when " + closes + " then $5 else changed_by end,"
                        + " probes_claimed = case when " + closes + " then 0 else probes_claimed end,"
                        + " last_probe_at = case when " + closes + " then null else last_probe_at end,"
                        + " probes_dispatched = case when " + closes + " then 0 else probes_dispatched end,"
                        + " probe_deadline = case when " + closes + " then null else probe_deadline end,"
                        + " probe_successes = case when " + closes + " then 0 else probe_successes + 1 end"
                        + " where capability = $1 and epoch = $2 and state = 'HALF_OPEN'"
                        + " returning " + COLUMNS + ")" + ANNOUNCE)
                .execute(Tuple.tuple().addValue(capability).addValue(epoch).addValue(successThreshold)
                        .addValue(Timestamps.of(now)).addValue(replica).addValue(closeReason))
                .map(PgBreakerStore::first);
    }

    @Override
    public Uni<BreakerRow> reset(String capability, Instant now, String reason, String replica) {
        return pool.preparedQuery("with changed as (insert into circuit_breakers as b (" + COLUMNS + ")"
                        + " values ($1, 'CLOSED', 1, $2, null, $3, $4, 0, 0, null, 0, null)"
                        + " on conflict (capability) do update set state = 'CLOSED', epoch = b.epoch + 1,"
                        + " since = excluded.since, open_until = null, reason = excluded.reason,"
                        + " changed_by = excluded.changed_by, probes_claimed = 0, probe_successes = 0,"
                        + " last_probe_at = null, probes_dispatched = 0, probe_deadline = null returning " + prefixed("b") + ")" + ANNOUNCE)
                .execute(Tuple.of(capability, Timestamps.of(now), reason, replica))
                .map(rows -> first(rows).orElseThrow());
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static Optional<BreakerRow> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(read(it.next())) : Optional.empty();
    }

    private static BreakerRow read(Row r) {
        return new BreakerRow(r.getString("capability"), BreakerState.valueOf(r.getString("state")),
                r.getLong("epoch"), Timestamps.of(r.getOffsetDateTime("since")),
                Timestamps.of(r.getOffsetDateTime("open_until")), r.getString("reason"), r.getString("changed_by"),
                r.getInteger("probes_claimed"), r.getInteger("probe_successes"),
                Timestamps.of(r.getOffsetDateTime("last_probe_at")), r.getInteger("probes_dispatched"),
                Timestamps.of(r.getOffsetDateTime("probe_deadline")));
    }
}
