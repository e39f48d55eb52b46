package dev.weft.cli.render;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepStatus;

/**
 * The symbol that stands before a step or an execution, in Unicode for a terminal that shows it and
 * in ASCII otherwise. Every status maps here, in one exhaustive switch each, so a status added to the
 * API fails the build until it has a symbol.
 */
public enum Mark {
    PENDING("○", "."),
    READY("◌", "-"),
    RUNNING("●", "*"),
    RETRY_WAIT("↻", "r"),
    HELD("‖", "h"),
    PAUSED("⏸", "p"),
    COMPLETED("✓", "+"),
    FAILED("✗", "x"),
    SKIPPED("⊘", "/"),
    CANCELLED("⊗", "c");

    private final String unicode;
    private final String ascii;

    Mark(String unicode, String ascii) {
        this.unicode = unicode;
        this.ascii = ascii;
    }

    public String glyph(boolean unicode) {
        return unicode ? this.unicode : ascii;
    }

    public static Mark of(StepStatus status) {
        return switch (status) {
            case STEP_STATUS_PENDING, STEP_STATUS_UNSPECIFIED, UNRECOGNIZED -> PENDING;
            case STEP_STATUS_READY -> READY;
            case STEP_STATUS_RUNNING -> RUNNING;
            case STEP_STATUS_RETRY_WAIT -> RETRY_WAIT;
            case STEP_STATUS_HELD -> HELD;
            case STEP_STATUS_COMPLETED -> COMPLETED;
            case STEP_STATUS_FAILED -> FAILED;
            case STEP_STATUS_SKIPPED -> SKIPPED;
            case STEP_STATUS_CANCELLED -> CANCELLED;
        };
    }

    public static Mark of(ExecutionStatus status) {
        return switch (status) {
            case EXECUTION_STATUS_RUNNING, EXECUTION_STATUS_UNSPECIFIED, UNRECOGNIZED -> RUNNING;
            case EXECUTION_STATUS_PAUSED -> PAUSED;
            case EXECUTION_STATUS_COMPLETED -> COMPLETED;
            case EXECUTION_STATUS_FAILED, EXECUTION_STATUS_TIMED_OUT -> FAILED;
            case EXECUTION_STATUS_CANCELLED -> CANCELLED;
        };
    }
}
