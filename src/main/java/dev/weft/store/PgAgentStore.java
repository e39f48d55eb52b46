package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last heartbeat of every agent, and the tasks waiting for agents; shared by all replicas. */
@ApplicationScoped
public class PgAgentStore {

    /**
     * Steps of one workflow version RUNNING in running executions of a tenant (paused ones too: their
     * tasks are still out with agents).
     *
     * @param firstStartedAt the earliest first dispatch among them
     */
    public record RunningSteps(String tenant, String workflow, int version, String stepId, int count,
                               Instant firstStartedAt) {
    }

    @Inject
    Pool pool;

    public Uni<Void> heartbeat(AgentRecord a) {
        return pool.preparedQuery("""
                        insert into agents (agent_id, capabilities, version, status, interval_seconds, last_heartbeat_at)
                        values ($1, $2, $3, $4, $5, $6)
                        on conflict (agent_id) do update set capabilities = excluded.capabilities,
                          version = excluded.version, status = excluded.status,
                          interval_seconds = excluded.interval_seconds, last_heartbeat_at = excluded.last_heartbeat_at""")
                .execute(Tuple.of(a.agentId(), a.capabilities().toArray(String[]::new), a.version(), a.status(),
                        a.intervalSeconds(), Timestamps.of(a.lastHeartbeatAt())))
                .replaceWithVoid();
    }

    public Uni<List<AgentRecord>> all() {
        return pool.query("""
                        select agent_id, capabilities, version, status, interval_seconds, last_heartbeat_at
                        from agents order by agent_id""").execute()
                .map(rows -> {
                    List<AgentRecord> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new AgentRecord(r.getString(0), Arrays.asList(r.getArrayOfStrings(1)),
                                r.getString(2), r.getString(3), r.getInteger(4),
                                Timestamps.of(r.getOffsetDateTime(5))));
                    }
                    return list;
                });
    }

    /**
     * Every step with a task out, grouped by where it is defined: one row per (tenant, workflow
     * version, step), however many executions run it. The capability is the definition's
     * ({@code step_runs.agent} is not written), so the caller maps the step to it.
     */
    public Uni<List<RunningSteps>> runningSteps() {
        return pool.query("""
                        select e.tenant, e.workflow_name, e.workflow_version, s.step_id,
                               count(*)::int, min(s.started_at)
                        from executions e join step_runs s on s.execution_id = e.id
                        where e.status in ('RUNNING', 'PAUSED') and s.status = 'RUNNING'
                        group by e.tenant, e.workflow_name, e.workflow_version, s.step_id""").execute()
                .map(rows -> {
                    List<RunningSteps> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new RunningSteps(r.getString(0), r.getString(1), r.getInteger(2), r.getString(3),
                                r.getInteger(4), Timestamps.of(r.getOffsetDateTime(5))));
                    }
                    return list;
                });
    }
}
