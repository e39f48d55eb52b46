package dev.weft.schedule;

/** Whether a fire starts, given its schedule's overlap policy and whether the previous fire's execution is alive. */
public enum OverlapDecision {
    START,
    SKIP,
    CANCEL_PREVIOUS_THEN_START;

    public static OverlapDecision of(OverlapPolicy policy, boolean previousAlive) {
        if (!previousAlive) {
            return START;
        }
        return switch (policy) {
            case SKIP -> SKIP;
            case ALLOW -> START;
            case CANCEL_PREVIOUS -> CANCEL_PREVIOUS_THEN_START;
        };
    }
}
