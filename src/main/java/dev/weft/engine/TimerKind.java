package dev.weft.engine;

/** Why a timer exists; a timer that fires for a state that moved on is ignored. */
public enum TimerKind {
    /** An attempt's deadline. */
    TASK_DEADLINE,
    /** How long an attempt may wait for an agent to start it. */
    QUEUE_DEADLINE,
    /** The end of a retry backoff. */
    RETRY_BACKOFF,
    /** The whole execution's deadline. */
    WORKFLOW_DEADLINE,
    /** The end of a sleep step's wait. */
    SLEEP,
    /** How long a wait or approval step waits (its attempt fails with wait_timeout or approval_timeout). */
    WAIT_TIMEOUT
}
