package dev.weft.rollout;

import dev.weft.definition.WorkflowClass;
import dev.weft.engine.RolloutDecision;

/**
 * What the flag says about one start from outside (pure): refused with the reason, or taken,
 * live or in shadow, with the decision to record in its ExecutionStarted.
 */
public sealed interface Admission {

    record Taken(RolloutDecision decision) implements Admission {
    }

    /** @param reason names the flag, its value and where it comes from */
    record Refused(String reason) implements Admission {
    }

    static Admission of(String workflow, WorkflowClass workflowClass, ResolvedFlag flag, String key) {
        FlagValue value = flag.value();
        RolloutPhase phase = value.phase();
        if (!phase.admits(workflowClass)) {
            String why = phase == RolloutPhase.OFF ? "the engine takes no executions"
                    : "phase " + phase.keyword() + " takes workflows up to " + phase.highest().name().toLowerCase(java.util.Locale.ROOT)
                    + ", but workflow '" + workflow + "' is " + workflowClass.name().toLowerCase(java.util.Locale.ROOT);
            return new Refused("workflow: " + RolloutFlag.NAME + " is " + phase.keyword() + " ("
                    + flag.scope() + " value): " + why);
        }
        int bucket = TrafficShare.bucket(key);
        boolean shadow = phase == RolloutPhase.SHADOW || !TrafficShare.isLive(bucket, value.percentage());
        return new Taken(new RolloutDecision(shadow, phase.keyword(), value.percentage(), bucket, flag.scope()));
    }
}
