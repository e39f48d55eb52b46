package dev.weft.cli.connect;

import dev.weft.cli.ExitCodes;
import dev.weft.cli.render.Formats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * What a failed call means to the person who typed the command: one line and an exit code. An
 * engine that cannot be reached is named by its address (exit 2); anything the engine answered is
 * its status and message (exit 1).
 */
public final class CallFailures {
    private CallFailures() {
    }

    public record Failure(String line, int exitCode) {
    }

    public static Failure of(StatusRuntimeException e, EngineAddress address) {
        Status status = e.getStatus();
        if (unreachable(status)) {
            return new Failure(String.format(Formats.UNREACHABLE, address, cause(e)), ExitCodes.UNREACHABLE);
        }
        String message = status.getDescription() == null ? "(no message)" : status.getDescription();
        return new Failure(String.format(Formats.CALL_FAILED, status.getCode(), message), ExitCodes.FAILED);
    }

    /** UNAVAILABLE with a transport's cause is no answer from an engine, only the lack of one. */
    private static boolean unreachable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED && status.getCause() != null;
    }

    private static String cause(StatusRuntimeException e) {
        Throwable t = e.getStatus().getCause();
        while (t != null && t.getCause() != null) {
            t = t.getCause();
        }
        String why = t != null && t.getMessage() != null ? t.getMessage() : e.getStatus().getDescription();
        if (why == null) {
            return "no answer";
        }
        // Netty names the address again ("Connection refused: /127.0.0.1:9000"); once is enough.
        int colon = why.indexOf(": /");
        return (colon > 0 ? why.substring(0, colon) : why).toLowerCase(java.util.Locale.ROOT);
    }
}
