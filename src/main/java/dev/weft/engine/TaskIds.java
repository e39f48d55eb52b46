package dev.weft.engine;

import java.util.Optional;

/**
 * Deterministic identifiers, so that replaying a history and redelivering a message name the
 * same task. Step ids cannot contain ':' (the definition grammar forbids it), nor can execution
 * ids (UUIDs), so a task id reads back unambiguously.
 */
public final class TaskIds {
    private TaskIds() {
    }

    /** The parts of a task id: {@code <executionId>:<stepId>:<attempt>}. */
    public record TaskRef(String executionId, String stepId, int attempt) {
    }

    /** The parts of {@code taskId}, or empty when it is not a task id of this format. */
    public static Optional<TaskRef> parse(String taskId) {
        if (taskId == null) {
            return Optional.empty();
        }
        int last = taskId.lastIndexOf(':');
        int first = taskId.indexOf(':');
        if (first <= 0 || last <= first + 1 || last == taskId.length() - 1) {
            return Optional.empty();
        }
        try {
            int attempt = Integer.parseInt(taskId.substring(last + 1));
            String stepId = taskId.substring(first + 1, last);
            return attempt < 1 || stepId.indexOf(':') >= 0 ? Optional.empty()
                    : Optional.of(new TaskRef(taskId.substring(0, first), stepId, attempt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
            case QUEUE_DEADLINE -> taskId(executionId, stepId, attempt) + ":queue";
            case RETRY_BACKOFF -> taskId(executionId, stepId, attempt) + ":retry";
        };
    }
}
