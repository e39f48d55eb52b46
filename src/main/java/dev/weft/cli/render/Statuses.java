package dev.weft.cli.render;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepStatus;
import java.util.Locale;

/** Status words as a person reads them ({@code retry_wait}, {@code timed_out}), and back. */
public final class Statuses {
    private Statuses() {
    }

    public static String word(StepStatus status) {
        return shorten(status.name());
    }

    public static String word(ExecutionStatus status) {
        return shorten(status.name());
    }

    /** Whether a step has reached a state it does not leave (its execution may still retry nothing). */
    public static boolean ended(StepStatus status) {
        return switch (status) {
            case STEP_STATUS_COMPLETED, STEP_STATUS_FAILED, STEP_STATUS_SKIPPED, STEP_STATUS_CANCELLED -> true;
            case STEP_STATUS_PENDING, STEP_STATUS_READY, STEP_STATUS_RUNNING, STEP_STATUS_RETRY_WAIT,
                 STEP_STATUS_HELD, STEP_STATUS_UNSPECIFIED, UNRECOGNIZED -> false;
        };
    }

    public static boolean ended(ExecutionStatus status) {
        return switch (status) {
            case EXECUTION_STATUS_COMPLETED, EXECUTION_STATUS_FAILED, EXECUTION_STATUS_CANCELLED,
                 EXECUTION_STATUS_TIMED_OUT -> true;
            case EXECUTION_STATUS_RUNNING, EXECUTION_STATUS_PAUSED, EXECUTION_STATUS_UNSPECIFIED,
                 UNRECOGNIZED -> false;
        };
    }

    /** {@code running} or {@code RUNNING} to the API's status; an unknown word names the choices. */
    public static ExecutionStatus parseExecution(String word) {
        String name = "EXECUTION_STATUS_" + word.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ExecutionStatus s : ExecutionStatus.values()) {
            if (s != ExecutionStatus.UNRECOGNIZED && s != ExecutionStatus.EXECUTION_STATUS_UNSPECIFIED
                    && s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--status: expected one of running, paused, completed, failed, "
                + "cancelled, timed_out, but got '" + word + "'");
    }

    private static String shorten(String enumName) {
        int i = enumName.indexOf("_STATUS_");
        return (i >= 0 ? enumName.substring(i + 8) : enumName).toLowerCase(Locale.ROOT);
    }
}
