package dev.weft.engine;

import java.util.Optional;

/**
 * Deterministic identifiers, so that replaying a history and redelivering a message name the
 * same task. Step ids cannot contain ':' (the definition grammar forbids it), nor can execution
 * ids (UUIDs), so a task id reads back unambiguously.
 *
 * <p>Where a task id, timer id or idempotency key says "step", it holds a step <em>instance</em>
 * key (ADR 0005): the step id for a step outside any scope, else a path such as
 * {@code per_section[2].draft} (item 2 of foreach {@code per_section}), {@code refine#2.review}
 * (round 2 of loop {@code refine}) or {@code machine.review#2} (visit 2 of state {@code review}). This class is the one place that writes and reads that grammar.
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

    private static final String CHILD_PREFIX = "weft-child:";

    /**
     * The execution id of the child that attempt {@code taskId} of a workflow step runs (ADR 0009):
     * a name-based UUID of {@code weft-child:<taskId>}, so the parent's decision knows it before the
     * child exists, and a repeated start names the same child.
     */
    public static String childExecutionId(String taskId) {
        return java.util.UUID.nameUUIDFromBytes((CHILD_PREFIX + taskId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static final String CHILD_AGENT_PREFIX = "workflow:";

    /** The agent id a child's end is recorded under, as an agent's result is under the agent's id. */
    public static String childAgentId(String childExecutionId) {
        return CHILD_AGENT_PREFIX + childExecutionId;
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

    /** The parts of a timer id: what {@link #timerId} was given. */
    public record TimerRef(String executionId, TimerKind kind, String stepId, int attempt) {
    }

    /** The parts of {@code timerId}, or empty when it is not a timer id of this format. */
    public static Optional<TimerRef> parseTimerId(String timerId) {
        int last = timerId == null ? -1 : timerId.lastIndexOf(':');
        if (last <= 0) {
            return Optional.empty();
        }
        String head = timerId.substring(0, last);
        String suffix = timerId.substring(last + 1);
        if (suffix.equals("deadline") && head.indexOf(':') < 0) {
            return Optional.of(new TimerRef(head, TimerKind.WORKFLOW_DEADLINE, null, 0));
        }
        if (suffix.equals("sleep")) {
            int first = head.indexOf(':');
            return first <= 0 || first == head.length() - 1 || head.indexOf(':', first + 1) >= 0 ? Optional.empty()
                    : Optional.of(new TimerRef(head.substring(0, first), TimerKind.SLEEP, head.substring(first + 1), 0));
        }
        TimerKind kind = switch (suffix) {
            case "deadline" -> TimerKind.TASK_DEADLINE;
            case "queue" -> TimerKind.QUEUE_DEADLINE;
            case "retry" -> TimerKind.RETRY_BACKOFF;
            case "wait" -> TimerKind.WAIT_TIMEOUT;
            default -> null;
        };
        return kind == null ? Optional.empty()
                : parse(head).map(t -> new TimerRef(t.executionId(), kind, t.stepId(), t.attempt()));
    }

    /** One part of an instance key: a step id, with the item index or the round it is in (0: neither). */
    public record Segment(String stepId, int index, int round) {
        public boolean isItem() {
            return index >= 0;
        }
    }

    /** Whether {@code instance} is a step outside any scope, i.e. a plain step id. */
    public static boolean isTopLevel(String instance) {
        for (int i = 0; i < instance.length(); i++) {
            char c = instance.charAt(i);
            if (c == '.' || c == '[' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /** Item {@code index} (0-based) of foreach instance {@code owner}: {@code owner[index]}. */
    public static String item(String owner, int index) {
        return owner + "[" + index + "]";
    }

    /** Round {@code round} (1-based) of loop instance {@code owner}: the owner itself for round 1, else {@code owner#round}. */
    public static String round(String owner, int round) {
        return round == 1 ? owner : owner + "#" + round;
    }

    /**
     * Visit {@code visit} (1-based) of state {@code state} of the state machine instance {@code owner}
     * (ADR 0011): {@code machine.review} for the first, {@code machine.review#2} for the second.
     */
    public static String visit(String owner, String state, int visit) {
        return inScope(owner, round(state, visit));
    }

    /** The instance of body step {@code stepId} in the scope named {@code scope} (an item or a round). */
    public static String inScope(String scope, String stepId) {
        return scope + "." + stepId;
    }

    /**
     * The parts of an instance key, outermost first.
     *
     * @throws IllegalArgumentException when it does not follow the grammar
     */
    public static java.util.List<Segment> parseInstance(String instance) {
        java.util.List<Segment> out = new java.util.ArrayList<>(4);
        for (String part : instance.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            int hash = part.indexOf('#');
            try {
                if (bracket > 0 && part.endsWith("]") && hash < 0) {
                    out.add(new Segment(part.substring(0, bracket), Integer.parseInt(part.substring(bracket + 1,
                            part.length() - 1)), 0));
                } else if (hash > 0 && bracket < 0) {
                    out.add(new Segment(part.substring(0, hash), -1, Integer.parseInt(part.substring(hash + 1))));
                } else if (bracket < 0 && hash < 0 && !part.isEmpty()) {
                    out.add(new Segment(part, -1, 0));
                } else {
                    throw new IllegalArgumentException("Expected a step instance like per_section[2].draft, but got '"
                            + instance + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected a step instance like per_section[2].draft, but got '"
                        + instance + "'");
            }
        }
        return out;
    }

    /** The definition's step id of an instance: its last segment's step id. */
    public static String definitionStep(String instance) {
        if (isTopLevel(instance)) {
            return instance;
        }
        int dot = instance.lastIndexOf('.');
        String last = instance.substring(dot + 1);
        int end = last.length();
        for (int i = 0; i < last.length(); i++) {
            if (last.charAt(i) == '[' || last.charAt(i) == '#') {
                end = i;
                break;
            }
        }
        return last.substring(0, end);
    }

    /**
     * The instance of the foreach or loop whose scope {@code instance} runs in: {@code per_section}
     * for {@code per_section[2]} (an item task) and {@code per_section[2].draft}, {@code refine} for
     * {@code refine#2.review}. Null for a top-level step.
     */
    public static String ownerOf(String instance) {
        if (isTopLevel(instance)) {
            return null;
        }
        if (instance.endsWith("]")) {
            return instance.substring(0, instance.lastIndexOf('['));
        }
        String scope = instance.substring(0, instance.lastIndexOf('.'));
        int dot = scope.lastIndexOf('.');
        int cut = scope.length();
        for (int i = scope.length() - 1; i > dot; i--) {
            if (scope.charAt(i) == '[' || scope.charAt(i) == '#') {
                cut = i;
                break;
            }
        }
        return scope.substring(0, cut);
    }

    /** Whether {@code instance} runs inside a scope of {@code owner} (at any depth). */
    public static boolean isInside(String instance, String owner) {
        if (instance.length() <= owner.length() || !instance.startsWith(owner)) {
            return false;
        }
        char next = instance.charAt(owner.length());
        return next == '[' || next == '.' || next == '#';
    }
}
