package dev.weft.engine;

/** Lifecycle of one step within an execution. */
public enum StepStatus {
    /** Waiting for its dependencies. */
    PENDING,
    /** Dependencies ended (or a retry is due); waiting for a free slot. */
    READY,
    /** Ready, but its task may not go out now (its capability's circuit breaker is open). */
    HELD,
    /** A task attempt is out with an agent. */
    RUNNING,
    /** The last attempt failed; the next waits for its backoff timer. */
    RETRY_WAIT,
    COMPLETED,
    FAILED,
    SKIPPED,
    /** Still open when its execution ended. */
    CANCELLED;

    /** Ended steps never change again (a late result is recorded but ignored). */
    public boolean isEnded() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
