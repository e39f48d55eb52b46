package dev.weft.engine;

import java.util.Map;

/** What can happen to an execution from outside: the inputs of {@link Decider#decide}. */
public sealed interface Command {

    /** @param traceparent W3C trace context of the request that started it, or null */
    record StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId,
                          String traceparent) implements Command {

        public StartExecution(String executionId, String tenant, Map<String, Object> input, String requestId) {
            this(executionId, tenant, input, requestId, null);
        }
    }

    /**
     * An agent's result for one attempt.
     *
     * @param succeeded true: {@code output} holds the result; false: {@code error} says why
     */
    record RecordTaskResult(String stepId, int attempt, String agentId, boolean succeeded, Object output,
                            ErrorInfo error) implements Command {
    }

    record FireTimer(TimerKind kind, String stepId, int attempt) implements Command {
    }

    record CancelExecution(String reason) implements Command {
    }
}
