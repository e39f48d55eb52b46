package dev.weft.agents;

import dev.weft.store.AgentRecord;
import java.time.Instant;

/**
 * The liveness rule of docs/agent-protocol.md §8: an agent is alive while its last heartbeat is
 * younger than three of its intervals, and gone at once after a {@code stopping} heartbeat.
 */
public final class AgentLiveness {
    /** Heartbeats an agent may miss before it counts as gone. */
    public static final int MISSED_HEARTBEATS = 3;
    public static final String STOPPING = "stopping";

    private AgentLiveness() {
    }

    public static boolean isAlive(AgentRecord agent, Instant now) {
        return goneAt(agent).isAfter(now);
    }

    /**
     * The moment the agent stops (or stopped) counting as alive: when its {@code stopping}
     * heartbeat arrived, otherwise three intervals after its last heartbeat.
     */
    public static Instant goneAt(AgentRecord agent) {
        if (STOPPING.equals(agent.status())) {
            return agent.lastHeartbeatAt();
        }
        // An interval below one second is not in the protocol; one second keeps a bad value from
        // declaring an agent dead the moment it is seen.
        return agent.lastHeartbeatAt().plusSeconds((long) MISSED_HEARTBEATS * Math.max(1, agent.intervalSeconds()));
    }
}
