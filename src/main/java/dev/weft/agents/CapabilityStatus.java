package dev.weft.agents;

import java.time.Instant;

/**
 * One capability as the last refresh saw it.
 *
 * @param liveAgents     agents alive now that announced the capability
 * @param unservedSince  null while served; otherwise since when no live agent has served it (its
 *                       last agent's death, or the engine's first need of it when no agent ever
 *                       announced it); also null when unserved but the moment is not known
 * @param runningTasks   dispatched tasks RUNNING on it (of one tenant, or of all, as asked)
 */
public record CapabilityStatus(String capability, int liveAgents, Instant unservedSince, int runningTasks) {

    public boolean served() {
        return liveAgents > 0;
    }
}
