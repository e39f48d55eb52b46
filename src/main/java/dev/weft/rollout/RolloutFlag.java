package dev.weft.rollout;

/** The flag's name, as the product's rollout plan spells it and as errors and the API name it. */
public final class RolloutFlag {
    public static final String NAME = "enable-workflow-execution-engine";

    private RolloutFlag() {
    }
}
