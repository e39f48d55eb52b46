package dev.weft.engine;

/**
 * What the rollout flag decided for an execution when it started, recorded in its
 * {@link ExecutionEvent.ExecutionStarted} so that a replay and every replica agree (ADR 0015).
 * A shadow execution runs, but nothing acts on its results: its tasks say so to agents, it
 * starts no chained or escalation workflow, and its output is marked shadow.
 *
 * @param shadow     whether the execution runs in shadow
 * @param phase      the flag's phase that applied ({@code shadow}, {@code on}, ...), or null when inherited
 * @param percentage the share of starts the flag sends live, 0..100 (0 when inherited)
 * @param bucket     where the start's key fell, 0..99: live when below the percentage (0 when inherited)
 * @param scope      where the value came from: {@link #WORKFLOW}, {@link #TENANT}, {@link #DEFAULT}, or
 *                   {@link #INHERITED} for an execution a decision of another one started (a child)
 */
public record RolloutDecision(boolean shadow, String phase, int percentage, int bucket, String scope) {
    public static final String WORKFLOW = "workflow";
    public static final String TENANT = "tenant";
    public static final String DEFAULT = "default";
    public static final String INHERITED = "inherited";

    /** An execution that another one started (a child) runs as its starter does, whatever the flag says now. */
    public static RolloutDecision inherited(boolean shadow) {
        return new RolloutDecision(shadow, null, 0, 0, INHERITED);
    }

    /** Whether the decision sends the execution live; null (events from before the flag) is live. */
    public static boolean isShadow(RolloutDecision decision) {
        return decision != null && decision.shadow();
    }
}
