package dev.weft.engine;

/** Lifecycle of one execution. */
public enum ExecutionStatus {
    RUNNING,
    /** An operator paused it: no task goes out until it is resumed; it is alive, not ended. */
    PAUSED,
    COMPLETED, FAILED, CANCELLED, TIMED_OUT;

    /** Ended for good: listed one by one, so a status added later (waiting) is alive unless it says so. */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, FAILED, CANCELLED, TIMED_OUT -> true;
            case RUNNING, PAUSED -> false;
        };
    }
}
