package dev.weft.api.grpc;

import dev.weft.api.v1.Agent;
import dev.weft.api.v1.AgentService;
import dev.weft.api.v1.ListAgentsRequest;
import dev.weft.api.v1.ListAgentsResponse;
import dev.weft.store.AgentRecord;
import dev.weft.store.PgAgentStore;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;

@GrpcService
public class GrpcAgentService implements AgentService {

    @Inject
    PgAgentStore agents;
    @Inject
    InstantSource clock;

    @Override
    public Uni<ListAgentsResponse> listAgents(ListAgentsRequest request) {
        Instant now = clock.instant();
        return agents.all().map(all -> {
            ListAgentsResponse.Builder b = ListAgentsResponse.newBuilder();
            for (AgentRecord a : all) {
                boolean alive = isAlive(a, now);
                if ((alive || request.getIncludeDead())
                        && (request.getCapability().isEmpty() || a.capabilities().contains(request.getCapability()))) {
                    b.addAgents(Agent.newBuilder().setAgentId(a.agentId()).addAllCapabilities(a.capabilities())
                            .setLastHeartbeatAt(ExecutionViews.ts(a.lastHeartbeatAt()))
                            .setAlive(alive)
                            .setVersion(a.version() == null ? "" : a.version()));
                }
            }
            return b.build();
        }).onFailure().transform(GrpcErrors::toStatus);
    }

    /** Alive while the last heartbeat is younger than three intervals and it did not say goodbye. */
    static boolean isAlive(AgentRecord a, Instant now) {
        return !"stopping".equals(a.status())
                && a.lastHeartbeatAt().plusSeconds(3L * Math.max(1, a.intervalSeconds())).isAfter(now);
    }
}
