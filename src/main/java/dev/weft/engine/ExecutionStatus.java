package dev.weft.engine;

/** Lifecycle of one execution. Every status but RUNNING is terminal. */
public enum ExecutionStatus {
    RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
