package dev.weft.schedule;

/**
 * What a poll does with fire times that were missed, i.e. fell due while no replica polled (all
 * were down) and are older than the misfire grace ({@link FirePlanner}).
 */
public enum CatchUpPolicy {
    /** Missed fires are recorded as missed, none runs; the next future fire is scheduled. The default. */
    SKIP_MISSED,
    /** One execution runs for all the missed fires, under the latest of them; the rest are recorded as missed. */
    RUN_ONCE
}
