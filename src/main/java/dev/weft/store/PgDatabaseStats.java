package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the database did, from PostgreSQL's own counters, for the benchmark's figures per task:
 * transactions committed and rows written in this database (pg_stat_database,
 * pg_stat_user_tables) and WAL written by the whole server (pg_current_wal_lsn). Backends report
 * their counters at most once a second, so {@link #settled()} waits that long and has every
 * pooled connection finish a statement before it reads.
 */
@ApplicationScoped
public class PgDatabaseStats {
    /** PostgreSQL's PGSTAT_MIN_INTERVAL, with a margin. */
    static final Duration REPORT_INTERVAL = Duration.ofMillis(1_100);
    private static final int CONNECTIONS_TOUCHED = 64;

    @Inject
    Pool pool;

    /** @param rowsByTable rows inserted, updated or deleted per table of this database */
    public record Snapshot(long commits, long walBytes, Map<String, Long> rowsByTable) {
        public long rowsWritten() {
            return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What happened between {@code before} and this snapshot. */
        public Snapshot since(Snapshot before) {
            Map<String, Long> rows = new TreeMap<>();
            rowsByTable.forEach((t, n) -> rows.put(t, n - before.rowsByTable.getOrDefault(t, 0L)));
            return new Snapshot(commits - before.commits, walBytes - before.walBytes, rows);
        }
    }

    /** The counters as the backends last reported them. */
    public Uni<Snapshot> now() {
        return pool.query("""
                        select (select xact_commit from pg_stat_database where datname = current_database()),
                               pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint""").execute()
                .chain(totals -> pool.query("""
                                select relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables""")
                        .execute().map(tables -> {
                            Row t = totals.iterator().next();
                            Map<String, Long> rows = new TreeMap<>();
                            for (Row r : tables) {
                                rows.merge(r.getString(0), r.getLong(1), Long::sum);
                            }
                            return new Snapshot(t.getLong(0), t.getLong(1), rows);
                        }));
    }

    /** The counters once every pooled connection has reported what it did so far. */
    public Uni<Snapshot> settled() {
        return Uni.createFrom().voidItem().onItem().delayIt().by(REPORT_INTERVAL)
                .chain(() -> {
                    List<Uni<io.vertx.mutiny.sqlclient.RowSet<Row>>> touches = new ArrayList<>();
                    for (int i = 0; i < CONNECTIONS_TOUCHED; i++) {
                        touches.add(pool.query("select 1").execute());
                    }
                    return Uni.join().all(touches).andFailFast();
                })
                .chain(this::now);
    }
}
