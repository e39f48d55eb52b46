package dev.weft.api.grpc;

import dev.weft.agents.AgentLiveness;
import dev.weft.agents.CapabilityStatus;
import dev.weft.agents.LivenessMonitor;
import dev.weft.agents.LivenessView;
import dev.weft.api.v1.Agent;
import dev.weft.api.v1.AgentService;
import dev.weft.api.v1.Capability;
import dev.weft.api.v1.ListAgentsRequest;
import dev.weft.api.v1.ListAgentsResponse;
import dev.weft.api.v1.ListCapabilitiesRequest;
import dev.weft.api.v1.ListCapabilitiesResponse;
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
    @Inject
    LivenessMonitor liveness;

    @Override
    public Uni<ListAgentsResponse> listAgents(ListAgentsRequest request) {
        Instant now = clock.instant();
        return agents.all().map(all -> {
            ListAgentsResponse.Builder b = ListAgentsResponse.newBuilder();
            for (AgentRecord a : all) {
                boolean alive = AgentLiveness.isAlive(a, now);
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

    /** Served from the last liveness refresh: no query, the same answer the notices give. */
    @Override
    public Uni<ListCapabilitiesResponse> listCapabilities(ListCapabilitiesRequest request) {
        String tenant = Tenants.current();
        LivenessView view = liveness.view();
        ListCapabilitiesResponse.Builder b = ListCapabilitiesResponse.newBuilder()
                .setRefreshedAt(ExecutionViews.ts(view.computedAt()));
        for (CapabilityStatus s : view.capabilities(tenant)) {
            Capability.Builder c = Capability.newBuilder().setCapability(s.capability())
                    .setLiveAgents(s.liveAgents()).setRunningTasks(s.runningTasks());
            if (s.unservedSince() != null) {
                c.setUnservedSince(ExecutionViews.ts(s.unservedSince()));
            }
            b.addCapabilities(c);
        }
        return Uni.createFrom().item(b.build());
    }
}
