package dev.weft.runtime;

public class ExecutionNotFoundException extends RuntimeException {
    public ExecutionNotFoundException(String executionId) {
        super("execution_id: no execution '" + executionId + "'");
    }
}
