package dev.weft.cli;

import dev.weft.api.v1.ExecutionStatus;

/** How a command ends, for scripts: 0 it did what was asked, 1 it did not, 2 it could not try. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The execution ended otherwise than completed, or the engine refused the request. */
    public static final int FAILED = 1;
    /** A wrong command line, an unreadable file, or no engine at the address. */
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 2;

    private ExitCodes() {
    }

    /** A followed execution's outcome; one that has not ended (the stream stopped) is not a success. */
    public static int of(ExecutionStatus status) {
        return switch (status) {
            case EXECUTION_STATUS_COMPLETED -> OK;
            case EXECUTION_STATUS_FAILED, EXECUTION_STATUS_CANCELLED, EXECUTION_STATUS_TIMED_OUT,
                 EXECUTION_STATUS_RUNNING, EXECUTION_STATUS_PAUSED, EXECUTION_STATUS_UNSPECIFIED,
                 UNRECOGNIZED -> FAILED;
        };
    }
}
