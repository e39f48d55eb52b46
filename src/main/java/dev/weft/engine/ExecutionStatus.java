package dev.weft.engine;

/** Lifecycle of one execution. */
public enum ExecutionStatus {
    RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

    /** Ended for good: listed one by one, so a status added later (paused, waiting) is alive unless it says so. */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, FAILED, CANCELLED, TIMED_OUT -> true;
            case RUNNING -> false;
        };
    }
}
