package dev.weft.messaging;

import dev.weft.agents.LivenessMonitor;
import dev.weft.store.AgentRecord;
import dev.weft.store.Json;
import dev.weft.store.PgAgentStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records agents' heartbeats, so {@code ListAgents} shows who is alive and what they can do, and
 * tells the liveness view when one may change what it says of a capability.
 */
@ApplicationScoped
public class HeartbeatConsumer {
    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    @Inject
    PgAgentStore agents;
    @Inject
    InstantSource clock;
    @Inject
    LivenessMonitor liveness;

    @Incoming("heartbeats")
    public Uni<Void> onHeartbeat(Object payload) {
        HeartbeatMessage h;
        try {
            h = Json.read(IncomingBodies.text(payload), HeartbeatMessage.class);
        } catch (RuntimeException e) {
            LOG.warnf("ignoring unreadable heartbeat: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (h.agentId() == null || h.agentId().isBlank()) {
            LOG.warn("ignoring heartbeat without agentId");
            return Uni.createFrom().voidItem();
        }
        // The receive time, not the agent's clock, decides liveness.
        AgentRecord agent = new AgentRecord(h.agentId(), h.capabilities() == null ? List.of() : h.capabilities(),
                h.version(), h.status() == null ? "alive" : h.status(),
                h.intervalSeconds() == null ? 5 : h.intervalSeconds(), clock.instant());
        return agents.heartbeat(agent).invoke(() -> liveness.heartbeatStored(agent));
    }
}
