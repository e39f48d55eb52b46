package dev.weft.cli;

/** A mistake on the command line or in a file it names: printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
