package dev.weft.rollout;

import dev.weft.definition.WorkflowClass;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The phases of the rollout flag, from not taking work at all to taking every workflow (ADR 0015).
 * Its keyword is how configuration, the store and the history spell it.
 */
public enum RolloutPhase {
    /** The engine takes no new execution. */
    OFF(null),
    /** Every workflow runs, in shadow: nothing acts on its results. */
    SHADOW(WorkflowClass.ADVANCED),
    /** Linear workflows only. */
    SIMPLE(WorkflowClass.LINEAR),
    /** Up to parallel and conditional workflows. */
    COMPLEX(WorkflowClass.CONDITIONAL),
    /** Every workflow. */
    ON(WorkflowClass.ADVANCED);

    /** The highest class the phase takes; null: none. */
    private final WorkflowClass highest;

    RolloutPhase(WorkflowClass highest) {
        this.highest = highest;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the phase takes workflows of this class. */
    public boolean admits(WorkflowClass workflowClass) {
        return highest != null && workflowClass.compareTo(highest) <= 0;
    }

    /** The highest class the phase takes, or null for {@link #OFF}. */
    public WorkflowClass highest() {
        return highest;
    }

    /** The phase a keyword names; {@link IllegalArgumentException} naming {@code field} for any other text. */
    public static RolloutPhase parse(String field, String keyword) {
        for (RolloutPhase phase : values()) {
            if (phase.keyword().equals(keyword)) {
                return phase;
            }
        }
        throw new IllegalArgumentException(field + ": expected one of " + keywords() + ", but got '" + keyword + "'");
    }

    public static String keywords() {
        return Arrays.stream(values()).map(RolloutPhase::keyword).collect(Collectors.joining(", "));
    }
}
