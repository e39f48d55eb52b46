package dev.weft.store;

import dev.weft.rollout.FlagChange;
import dev.weft.rollout.FlagValue;
import dev.weft.rollout.RolloutPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout flag's changes in {@code rollout_flag_changes} (V14), appended and never updated:
 * the newest of a tenant/workflow is its setting, all of them its audit.
 */
@ApplicationScoped
public class PgRolloutFlags {
    private static final String COLUMNS = "tenant, workflow, phase, percentage, set_by, set_at";
    /** The newest change of every scope, cleared ones included (they hide older values). */
    private static final String CURRENT = "select distinct on (tenant, workflow) " + COLUMNS
            + " from rollout_flag_changes order by tenant, workflow, id desc";

    @Inject
    Pool pool;

    /**
     * The payload of {@code NOTIFY weft_rollout}: {@code <tenant>/<workflow>} of the value that
     * changed (workflow empty for the tenant-wide one). Receivers reread every setting, so it only
     * says what changed, for logs and tests.
     */
    public static String payload(String tenant, String workflow) {
        return tenant + "/" + workflow;
    }

    /** The newest change of every tenant/workflow. */
    public Uni<List<FlagChange>> current() {
        return pool.preparedQuery(CURRENT).execute().map(PgRolloutFlags::changes);
    }

    /**
     * Appends a change and tells every replica, in one transaction: PostgreSQL delivers the
     * NOTIFY exactly when the change commits, so no replica can keep the old value after it.
     */
    public Uni<FlagChange> append(FlagChange change) {
        FlagValue v = change.value();
        return pool.withTransaction(conn -> conn.preparedQuery("insert into rollout_flag_changes (" + COLUMNS
                                + ") values ($1, $2, $3, $4, $5, $6)")
                        .execute(Tuple.from(new Object[]{change.tenant(), change.workflow(),
                                v == null ? null : v.phase().keyword(), v == null ? null : v.percentage(),
                                change.setBy(), Timestamps.of(change.setAt())}))
                        .chain(() -> conn.preparedQuery("select pg_notify($1, $2)")
                                .execute(Tuple.of(PgChangeListener.ROLLOUT,
                                        payload(change.tenant(), change.workflow())))))
                .replaceWith(change);
    }

    /** A tenant's changes, newest first; {@code workflow} null for every scope. */
    public Uni<List<FlagChange>> history(String tenant, String workflow, int limit) {
        String sql = "select " + COLUMNS + " from rollout_flag_changes where tenant = $1"
                + (workflow == null ? "" : " and workflow = $3") + " order by id desc limit $2";
        Tuple args = workflow == null ? Tuple.of(tenant, limit) : Tuple.of(tenant, limit, workflow);
        return pool.preparedQuery(sql).execute(args).map(PgRolloutFlags::changes);
    }

    private static List<FlagChange> changes(RowSet<Row> rows) {
        List<FlagChange> changes = new ArrayList<>();
        for (Row r : rows) {
            String phase = r.getString(2);
            FlagValue value = phase == null ? null
                    : new FlagValue(RolloutPhase.parse("phase", phase), r.getInteger(3));
            changes.add(new FlagChange(r.getString(0), r.getString(1), value, r.getString(4),
                    Timestamps.of(r.getOffsetDateTime(5))));
        }
        return changes;
    }
}
