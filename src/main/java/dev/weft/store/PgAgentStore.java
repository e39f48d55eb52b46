package dev.weft.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last heartbeat of every agent, shared by all replicas. */
@ApplicationScoped
public class PgAgentStore {

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
}
