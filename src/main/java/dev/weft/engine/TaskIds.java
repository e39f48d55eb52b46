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

    /** The request id of an escalation's workflow start: one per failed step and attempt count. */
    public static String escalationRequestId(String executionId, String stepId, int attempts) {
        return executionId + ":escalation:" + stepId + ":" + attempts;
    }

    private static final String CHAIN_PREFIX = "chain:";

    /**
     * The request id of a chained workflow's start: {@code chain:<depth>:<executionId>:<on>:<end>:<index>},
     * where {@code end} is the sequence of the event that ended the execution (an execution reopened
     * and ended again chains anew) and {@code depth} how many chained starts led to the new execution
     * (1 for a chain of an execution started otherwise). Stable in replay and on redelivery, so a
     * start repeated after a crash returns the execution of the first.
     */
    public static String chainRequestId(int depth, String executionId, String on, long end, int index) {
        return CHAIN_PREFIX + depth + ":" + executionId + ":" + on + ":" + end + ":" + index;
    }

    /** How many chained starts led to an execution with this request id: 0 when it was not chained. */
    public static int chainDepth(String requestId) {
        if (requestId == null || !requestId.startsWith(CHAIN_PREFIX)) {
            return 0;
        }
        int end = requestId.indexOf(':', CHAIN_PREFIX.length());
        try {
            return end < 0 ? 0 : Integer.parseInt(requestId.substring(CHAIN_PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String timerId(String executionId, TimerKind kind, String stepId, int attempt) {
        return switch (kind) {
            case WORKFLOW_DEADLINE -> executionId + ":deadline";
            case TASK_DEADLINE -> taskId(executionId, stepId, attempt) + ":deadline";
            case QUEUE_DEADLINE -> taskId(executionId, stepId, attempt) + ":queue";
            case RETRY_BACKOFF -> taskId(executionId, stepId, attempt) + ":retry";
            case SLEEP -> executionId + ":" + stepId + ":sleep";
            case WAIT_TIMEOUT -> taskId(executionId, stepId, attempt) + ":wait";
        };
    }
}
