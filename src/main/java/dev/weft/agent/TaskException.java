package dev.weft.agent;

/**
 * Thrown (or used to fail the future) by a handler that knows why it failed. {@code retryable=false}
 * tells the engine that another attempt with the same input cannot succeed.
 */
public class TaskException extends RuntimeException {

    private final String type;
    private final boolean retryable;

    public TaskException(String message, boolean retryable) {
        this(AgentProtocol.ERROR_AGENT, message, retryable);
    }

    public TaskException(String type, String message, boolean retryable) {
        super(message);
        this.type = type == null || type.isBlank() ? AgentProtocol.ERROR_AGENT : type;
        this.retryable = retryable;
    }

    public String type() {
        return type;
    }

    public boolean retryable() {
        return retryable;
    }
}
