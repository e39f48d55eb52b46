package dev.weft.engine;

/**
 * An error as recorded in the history.
 *
 * @param type      stable machine-readable kind, e.g. {@code agent_error}, {@code task_timeout}
 * @param message   for people
 * @param retryable false when the agent says another attempt cannot help
 */
public record ErrorInfo(String type, String message, boolean retryable) {

    public static ErrorInfo of(String type, String message) {
        return new ErrorInfo(type, message, true);
    }
}
