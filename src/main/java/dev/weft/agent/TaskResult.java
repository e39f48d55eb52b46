package dev.weft.agent;

/**
 * The outcome of one task attempt as written to the result message: either an output or an error.
 */
public record TaskResult(String status, Object output, Error error) {

    /** @param type e.g. {@code agent_error}, {@code bad_task}, {@code deadline_exceeded} */
    public record Error(String type, String message, boolean retryable) {
    }

    public static TaskResult completed(Object output) {
        return new TaskResult(AgentProtocol.STATUS_COMPLETED, output, null);
    }

    public static TaskResult failed(String type, String message, boolean retryable) {
        return new TaskResult(AgentProtocol.STATUS_FAILED, null, new Error(type, message, retryable));
    }

    public boolean isCompleted() {
        return AgentProtocol.STATUS_COMPLETED.equals(status);
    }
}
