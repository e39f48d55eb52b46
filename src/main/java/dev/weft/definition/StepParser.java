package dev.weft.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads one entry of {@code steps}; returns null when it has errors (they are in {@link Problems}). */
final class StepParser {
    /** No hyphen: ids are read in expressions as {@code steps.<id>}, where '-' would be subtraction. */
    static final Pattern STEP_ID = StepDefinition.ID;
    /** Capability names as the agent protocol defines them. */
    static final Pattern AGENT = StepDefinition.CAPABILITY;
    /** What releases before the lower-case rule accepted; stored definitions may still use it. */
    static final Pattern EARLIER_AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    static final Duration MIN_STEP_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_STEP_TIMEOUT = Duration.ofHours(24);
    static final int MAX_ATTEMPTS = 20;

    static final Pattern ERROR_TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    static final List<String> STEP_FIELDS = List.of("id", "agent", "input", "depends_on", "timeout", "retry",
            "on_error", "queue_timeout", "on_circuit_open", "when", "join", "switch", "fail", "aggregate", "transform",
            "validate", "sleep", "foreach", "loop", "wait", "approval", "workflow", "fallback", "dynamic");
    /** Fields that only mean something for a task sent to an agent. */
    static final List<String> AGENT_ONLY_FIELDS = List.of("input", "timeout", "retry", "queue_timeout",
            "on_circuit_open");
    static final List<String> JOIN_FIELDS = List.of("mode", "quorum", "cancel_others");
    static final Pattern JOIN_MODE = Pattern.compile("all|any");
    static final List<String> RETRY_FIELDS = List.of("max_attempts", "backoff", "initial_interval", "max_interval",
            "multiplier", "jitter", "retry_on", "non_retryable");
    static final List<String> ON_ERROR_FIELDS = List.of("retry", "then");
    static final List<String> FALLBACK_FIELDS = List.of("agent", "input");

    /** The default of wait and approval steps: a timeout fails the step, unless a retry policy says otherwise. */
    static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, RetryPolicy.Backoff.IMMEDIATE, Duration.ZERO,
            Duration.ZERO, 1.0);

    private final Problems problems;
    private final DefinitionParser.Rules rules;
    /** 0 for the definition's steps, 1 in a body, 2 in a body's body... */
    private final int nesting;

    /**
     * Wait and approval steps may be retried (waiting again), a workflow step too (a new child);
     * other built-in steps decide the same way every time. A retry is one attempt by default for
     * them: an attempt can last hours, and a child has retried its own steps already.
     */
    private static boolean waitsForSomeone(StepKind kind) {
        return kind instanceof StepKind.Wait || kind instanceof StepKind.Approval || kind instanceof StepKind.Workflow;
    }

    /** A workflow step waits for a whole child execution: one day by default, at most a workflow's longest timeout. */
    static final Duration DEFAULT_CHILD_TIMEOUT = Duration.ofHours(24);

    StepParser(Problems problems, DefinitionParser.Rules rules) {
        this(problems, rules, 0);
    }

    StepParser(Problems problems, DefinitionParser.Rules rules, int nesting) {
        this.problems = problems;
        this.rules = rules;
        this.nesting = nesting;
    }

    @SuppressWarnings("unchecked")
    StepDefinition parse(Object raw, String path) {
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(path, "expected a step object with id and agent, but got " + Problems.describe(raw));
            return null;
        }
        int before = problems.errors().size();
        FieldReader f = new FieldReader((Map<String, Object>) map, path, problems);
        f.rejectUnknown(STEP_FIELDS);
        String id = f.string("id", true, STEP_ID, "[A-Za-z_][A-Za-z0-9_]{0,63} (letters, digits, underscore)");
        StepKind kind = new StepKindParser(problems, rules, nesting).parse(f, path);
        boolean sendsTasks = kind instanceof StepKind.Agent || kind instanceof ScopeOwner.Foreach each && each.isAgentForm()
                || kind instanceof ScopeOwner.Dynamic;
        if (kind instanceof ScopeOwner.Dynamic && f.has("input")) {
            problems.add(f.pathOf("input"), "each dynamic task carries its own input (in its spec); the step has none");
        }
        if (kind != null && !sendsTasks) {
            for (String field : AGENT_ONLY_FIELDS) {
                boolean childField = kind instanceof StepKind.Workflow && List.of("input", "timeout").contains(field);
                if (f.has(field) && !childField && !(field.equals("retry") && waitsForSomeone(kind))) {
                    problems.add(f.pathOf(field), "applies to agent steps only, but this is a " + kind.keyword()
                            + " step, which the engine decides without a task");
                }
            }
            if (!waitsForSomeone(kind) && ("retry".equals(f.raw("on_error"))
                    || f.raw("on_error") instanceof Map<?, ?> spelled && spelled.containsKey("retry"))) {
                problems.add(f.pathOf("on_error"), "retries apply to agent steps only: a " + kind.keyword()
                        + " step decides the same way every time");
            }
            if (kind instanceof StepKind.Fail && f.has("on_error")) {
                problems.add(f.pathOf("on_error"), "a fail step always fails the execution; remove on_error");
            }
        }
        List<String> dependsOn = dependsOn(f);
        String when = when(f);
        Join join = join(f);
        Duration timeout = kind instanceof StepKind.Workflow
                ? f.duration("timeout", DEFAULT_CHILD_TIMEOUT, MIN_STEP_TIMEOUT, DefinitionParser.MAX_WORKFLOW_TIMEOUT)
                : f.duration("timeout", StepDefinition.DEFAULT_TIMEOUT, MIN_STEP_TIMEOUT, MAX_STEP_TIMEOUT);
        Duration queueTimeout = f.duration("queue_timeout", null, MIN_STEP_TIMEOUT, MAX_STEP_TIMEOUT);
        StepDefinition.CircuitPolicy onCircuitOpen = f.enumValue("on_circuit_open", StepDefinition.CircuitPolicy.class,
                StepDefinition.CircuitPolicy.HOLD);
        RetryPolicy retry = retry(f.object("retry"), f.pathOf("retry"));
        if (waitsForSomeone(kind) && !f.has("retry") && !"retry".equals(f.raw("on_error"))) {
            // A wait's attempt lasts its whole timeout: waiting three times by default would surprise.
            retry = ONE_ATTEMPT;
        }
        OnError onError;
        if (f.raw("on_error") instanceof Map<?, ?> spelled) {
            // on_error: { retry: {...}, then: skip } — the retry policy and what follows it, in one place.
            FieldReader e = new FieldReader((Map<String, Object>) spelled, f.pathOf("on_error"), problems);
            e.rejectUnknown(ON_ERROR_FIELDS);
            if (f.has("retry") && e.has("retry")) {
                problems.add(e.pathOf("retry"), "the retry policy is given twice: keep either retry or on_error.retry");
            }
            if (e.has("retry")) {
                retry = retry(e.object("retry"), e.pathOf("retry"));
            }
            onError = e.enumValue("then", OnError.class, OnError.FAIL);
        } else if ("retry".equals(f.raw("on_error"))) {
            onError = OnError.FAIL; // retry by the step's policy, then fail
        } else if (f.raw("on_error") == null || f.raw("on_error") instanceof String s
                && List.of("fail", "skip", "continue").contains(s)) {
            onError = f.enumValue("on_error", OnError.class, OnError.FAIL);
        } else {
            problems.add(f.pathOf("on_error"), "must be one of fail, skip, continue, retry or "
                    + "{ retry: {...}, then: fail|skip|continue }, but got " + Problems.describe(f.raw("on_error")));
            onError = null;
        }
        StepDefinition.Fallback fallback = fallback(f, kind);
        if (problems.errors().size() > before) return null;
        return new StepDefinition(id, kind, f.raw("input"), dependsOn, timeout, retry, onError, queueTimeout,
                onCircuitOpen, when, join, fallback);
    }

    /** {@code fallback: { agent, input }}, on agent steps only: another capability takes over a step that failed for good. */
    @SuppressWarnings("unchecked")
    private StepDefinition.Fallback fallback(FieldReader f, StepKind kind) {
        if (!f.has("fallback")) return null;
        if (kind != null && !(kind instanceof StepKind.Agent)) {
            problems.add(f.pathOf("fallback"), "applies to agent steps only, but this is a " + kind.keyword()
                    + " step");
            return null;
        }
        Map<String, Object> raw = f.object("fallback");
        if (raw == null) return null;
        FieldReader b = new FieldReader(raw, f.pathOf("fallback"), problems);
        b.rejectUnknown(FALLBACK_FIELDS);
        String agent = new StepKindParser(problems, rules, nesting).capability(b);
        return agent == null ? null : new StepDefinition.Fallback(agent, b.raw("input"));
    }

    /** {@code when: "<CEL>"}; a condition wrapped in one {@code {{ }}} means the same. */
    private String when(FieldReader f) {
        String when = f.string("when", false, null, null);
        if (when == null) return null;
        String condition = Conditions.unwrap(when);
        if (condition.isBlank()) {
            problems.add(f.pathOf("when"), "expected a CEL condition like \"steps.route.output.case == 'deep'\", "
                    + "but got an empty string");
            return null;
        }
        return condition;
    }

    /** {@code join: all | any | { mode: all|any, quorum: N, cancel_others: bool }}. */
    @SuppressWarnings("unchecked")
    private Join join(FieldReader f) {
        Object raw = f.raw("join");
        if (raw == null) return Join.ALL;
        if (raw instanceof String) {
            if ("all".equals(raw)) return Join.ALL;
            if ("any".equals(raw)) return new Join(Join.Mode.ANY, 1, false);
        } else if (raw instanceof java.util.Map<?, ?> m) {
            FieldReader j = new FieldReader((java.util.Map<String, Object>) m, f.pathOf("join"), problems);
            j.rejectUnknown(JOIN_FIELDS);
            String spelled = j.string("mode", false, JOIN_MODE, "all or any (a quorum is { quorum: N })");
            Join.Mode mode = spelled == null ? (j.has("mode") ? null : Join.Mode.ALL)
                    : Join.Mode.valueOf(spelled.toUpperCase(java.util.Locale.ROOT));
            Integer quorum = j.integer("quorum", 0, 1, DefinitionParser.MAX_STEPS);
            boolean cancelOthers = Boolean.TRUE.equals(bool(j, "cancel_others"));
            if (mode == null || quorum == null) return Join.ALL;
            if (quorum > 0 && j.has("mode")) {
                problems.add(j.pathOf("quorum"), "give either mode or quorum, not both");
                return Join.ALL;
            }
            return quorum > 0 ? new Join(Join.Mode.QUORUM, quorum, cancelOthers)
                    : new Join(mode, mode == Join.Mode.ANY ? 1 : 0, cancelOthers);
        }
        problems.add(f.pathOf("join"), "must be all, any, { quorum: N } or { mode: any, cancel_others: true }, "
                + "but got " + Problems.describe(raw));
        return Join.ALL;
    }

    private Boolean bool(FieldReader f, String key) {
        Object v = f.raw(key);
        if (v == null || v instanceof Boolean) return (Boolean) v;
        problems.add(f.pathOf(key), "expected true or false, but got " + Problems.describe(v));
        return null;
    }

    private List<String> dependsOn(FieldReader f) {
        Object v = f.raw("depends_on");
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            problems.add(f.pathOf("depends_on"), "expected a list of step ids, but got " + Problems.describe(v));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String s) {
                if (out.contains(s)) {
                    problems.add(f.pathOf("depends_on") + "[" + i + "]", "step '" + s + "' is listed twice");
                }
                out.add(s);
            } else {
                problems.add(f.pathOf("depends_on") + "[" + i + "]",
                        "expected a step id, but got " + Problems.describe(list.get(i)));
            }
        }
        return out;
    }

    private RetryPolicy retry(Map<String, Object> raw, String path) {
        if (raw == null) return RetryPolicy.DEFAULT;
        RetryPolicy d = RetryPolicy.DEFAULT;
        FieldReader f = new FieldReader(raw, path, problems);
        f.rejectUnknown(RETRY_FIELDS);
        Integer attempts = f.integer("max_attempts", d.maxAttempts(), 1, MAX_ATTEMPTS);
        RetryPolicy.Backoff backoff = f.enumValue("backoff", RetryPolicy.Backoff.class, d.backoff());
        Duration initial = f.duration("initial_interval", d.initialInterval(), Duration.ZERO, MAX_STEP_TIMEOUT);
        Duration max = f.duration("max_interval", d.maxInterval(), Duration.ZERO, MAX_STEP_TIMEOUT);
        Double multiplier = f.number("multiplier", d.multiplier(), 1.0, 100.0);
        Double jitter = f.number("jitter", 0.0, 0.0, 1.0);
        List<String> retryOn = f.strings("retry_on", ERROR_TYPE, "an error type like agent_error or task_timeout");
        List<String> nonRetryable = f.strings("non_retryable", ERROR_TYPE,
                "an error type like agent_error or task_timeout");
        if (attempts == null || backoff == null || initial == null || max == null || multiplier == null
                || jitter == null || retryOn == null || nonRetryable == null) return null;
        for (String type : retryOn) {
            if (nonRetryable.contains(type)) {
                problems.add(f.pathOf("non_retryable"), "error type '" + type + "' is both in retry_on and in non_retryable");
                return null;
            }
        }
        if (max.compareTo(initial) < 0) {
            problems.add(f.pathOf(f.has("max_interval") ? "max_interval" : "initial_interval"),
                    "max_interval (" + Durations.format(max) + ") must not be less than initial_interval ("
                            + Durations.format(initial) + ")");
            return null;
        }
        return new RetryPolicy(attempts, backoff, initial, max, multiplier, jitter, retryOn, nonRetryable);
    }
}
