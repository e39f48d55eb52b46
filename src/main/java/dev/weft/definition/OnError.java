package dev.weft.definition;

/** What a step's final failure (retries spent) does to its execution. */
public enum OnError {
    /** The execution fails at once; no further step starts. */
    FAIL,
    /** The step counts as skipped; its dependents run and see a null output. */
    SKIP,
    /** The step stays failed; its dependents are skipped; independent branches go on. */
    CONTINUE
}
