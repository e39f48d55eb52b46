package dev.weft.rollout;

import dev.weft.engine.RolloutDecision;

/**
 * The value that applies to a start, and where it comes from.
 *
 * @param scope  {@link RolloutDecision#WORKFLOW}, {@link RolloutDecision#TENANT} or {@link RolloutDecision#DEFAULT}
 * @param source the change that set it; null for the configured default
 */
public record ResolvedFlag(FlagValue value, String scope, FlagChange source) {
}
