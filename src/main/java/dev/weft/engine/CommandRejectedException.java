package dev.weft.engine;

/** The command does not apply to the execution as it is (e.g. cancelling a finished one). */
public class CommandRejectedException extends RuntimeException {
    public CommandRejectedException(String message) {
        super(message);
    }
}
