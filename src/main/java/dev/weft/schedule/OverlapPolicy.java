package dev.weft.schedule;

/** What a fire does while the execution of the schedule's previous fire is still alive (running or paused). */
public enum OverlapPolicy {
    /** Do not start; the fire is recorded as skipped. The default. */
    SKIP,
    /** Start anyway: several executions of the schedule may run at once. */
    ALLOW,
    /** Cancel the previous execution, then start. */
    CANCEL_PREVIOUS
}
