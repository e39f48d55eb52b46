package dev.weft.schedule;

/** What became of one fire time of a schedule; each is kept as a row of {@code schedule_fires}. */
public enum FireOutcome {
    /** An execution was started for it (linked by its request id, {@link ScheduleKeys}). */
    STARTED,
    /** Not started: the previous fire's execution was still alive and the overlap policy is SKIP. */
    SKIPPED_OVERLAP,
    /** Fell due while no replica polled; recorded once per poll, for the latest missed time, with the count. */
    MISSED,
    /** The start was refused (the workflow or version is gone, the input no longer fits its schema). */
    FAILED
}
