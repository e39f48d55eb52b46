package dev.weft.store;

import dev.weft.runtime.PendingApproval;
import dev.weft.runtime.port.WaitLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code waits} lookup (V8). Each row is checked against its execution (alive) and its
 * step's run (still RUNNING in the same attempt), so a row that outlived its wait is never used.
 */
@ApplicationScoped
public class PgWaitStore implements WaitLookup {
    private static final String ALIVE = """
            join executions e on e.id = w.execution_id and e.status in ('RUNNING', 'PAUSED')
            join step_runs r on r.execution_id = w.execution_id and r.step_id = w.step_id and r.status = 'RUNNING'
                and r.attempt = w.attempt""";

    @Inject
    Pool pool;

    @Override
    public Uni<List<String>> executionsWaitingFor(String tenant, String event, String correlation, int limit) {
        return pool.preparedQuery("select distinct w.execution_id from waits w " + ALIVE + """
                         where w.tenant = $1 and w.kind = 'EVENT' and w.event = $2 and w.correlation = $3
                        order by w.execution_id limit $4""")
                .execute(Tuple.of(tenant, event, correlation, limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    @Override
    public Uni<List<PendingApproval>> pendingApprovals(String tenant, String workflow, int limit) {
        return pool.preparedQuery("""
                        select w.execution_id, w.workflow, w.step_id, w.attempt, w.prompt, w.approvers::text, w.since,
                               w.timeout_at
                        from waits w""" + " " + ALIVE + """
                         where w.tenant = $1 and w.kind = 'APPROVAL' and ($2::text is null or w.workflow = $2)
                        order by w.since, w.execution_id, w.step_id limit $3""")
                .execute(Tuple.of(tenant, workflow, limit))
                .map(rows -> {
                    List<PendingApproval> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new PendingApproval(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3),
                                r.getString(4), approvers(r.getString(5)), Timestamps.of(r.getOffsetDateTime(6)),
                                r.getOffsetDateTime(7) == null ? null : Timestamps.of(r.getOffsetDateTime(7))));
                    }
                    return out;
                });
    }

    @SuppressWarnings("unchecked")
    private static List<String> approvers(String json) {
        return json == null ? List.of() : (List<String>) Json.readTree(json);
    }
}
