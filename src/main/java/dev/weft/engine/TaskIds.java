package dev.weft.engine;

/**
 * Deterministic identifiers, so that replaying a history and redelivering a message name the
 * same task. Step ids cannot contain ':' (the definition grammar forbids it).
 */
public final class TaskIds {
    private TaskIds() {
    }

    /** Identifies one attempt; the correlation id of its result. */
    public static String taskId(String executionId, String stepId, int attempt) {
        return executionId + ":" + stepId + ":" + attempt;
    }

    /** Stable across attempts and redeliveries; agents deduplicate on it. */
    public static String idempotencyKey(String executionId, String stepId) {
        return executionId + ":" + stepId;
    }

    public static String timerId(String executionId, TimerKind kind, String stepId, int attempt) {
        return switch (kind) {
            case WORKFLOW_DEADLINE -> executionId + ":deadline";
            case TASK_DEADLINE -> taskId(executionId, stepId, attempt) + ":deadline";
            case RETRY_BACKOFF -> taskId(executionId, stepId, attempt) + ":retry";
        };
    }
}
