package dev.weft.runtime.port;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.RolloutDecision;
import io.smallrye.mutiny.Uni;

/**
 * The rollout flag at a start from outside (ADR 0015): whether the engine takes the execution,
 * and whether it runs live or in shadow. Executions the engine starts itself inherit instead.
 */
public interface RolloutGate {

    /** Every start live: a replica built without the flag (the simulation). */
    RolloutGate ALL_LIVE = (tenant, definition, key) ->
            Uni.createFrom().item(new RolloutDecision(false, "on", 100, 0, RolloutDecision.DEFAULT));

    /**
     * @param key what decides a start's share of the traffic: its request id, or its execution id without one
     * @return the decision to record; fails with {@code StartRefusedException} (reason ROLLOUT) when the flag
     *         does not let the engine take this workflow now
     */
    Uni<RolloutDecision> admit(String tenant, WorkflowDefinition definition, String key);
}
