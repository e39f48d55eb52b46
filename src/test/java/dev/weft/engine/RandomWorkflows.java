package dev.weft.engine;

import dev.weft.definition.Join;
import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.definition.WorkflowDefinition.ExecutionLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Random but valid workflow definitions: acyclic (a step depends only on steps numbered lower)
 * and reading only its own dependencies. Built as records directly, because parsing costs tens
 * of milliseconds per definition (CEL type-checking); the YAML twin is for failure messages and
 * for the test that proves the parser reads it as the same definition. All randomness comes
 * from the caller's seeded {@link Random}.
 */
final class RandomWorkflows {
    private static final OnError[] ON_ERROR = {OnError.FAIL, OnError.SKIP, OnError.SKIP, OnError.CONTINUE,
            OnError.CONTINUE};
    private static final long[] INTERVAL_MS = {0, 200, 1_000, 3_000};
    /** What the parser gives a wait or approval step without a retry policy. */
    static final RetryPolicy ONE_ATTEMPT = new RetryPolicy(1, RetryPolicy.Backoff.IMMEDIATE, Duration.ZERO,
            Duration.ZERO, 1.0);
    private static final long[] TIMEOUT_MS = {1_000, 5_000, 30_000};

    private RandomWorkflows() {
    }

    record Generated(WorkflowDefinition definition, String yaml) {
    }

    static Generated generate(Random random) {
        // Not a power of two: the first draw of nearby seeds differs in its low bits only.
        if (random.nextInt(7) == 0) {
            return machine(random);
        }
        int n = 3 + random.nextInt(13);
        int maxParallel = 1 + random.nextInt(4);
        int maxTasks = random.nextInt(5) == 0 ? n + random.nextInt(n) : 1000;
        ExecutionLimits limits = new ExecutionLimits(Duration.ofDays(1), maxParallel, maxTasks);
        List<StepDefinition> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(branching(random, step(random, i), steps));
        }
        // Half the definitions list steps out of dependency order: readiness must not rely on it.
        if (random.nextBoolean()) {
            Collections.shuffle(steps, random);
        }
        // Reading s0's output fails the output expression when s0 did not complete.
        Object output = random.nextInt(3) == 0 ? "{{ steps.s0.output.v }}"
                : Map.of("last", "{{ steps.s" + (n - 1) + ".status }}");
        WorkflowDefinition definition = new WorkflowDefinition("random", 0, null, null, steps, output, limits);
        return new Generated(definition, yaml(definition));
    }

    /**
     * A state machine (ADR 0011) of two to five agent states {@code m0..}: each goes forward when its
     * first attempt completed (a result's {@code v} is its attempt), and sometimes back (always, or
     * when it did not complete), so some runs cycle until max_transitions; the last state ends it,
     * and sometimes an earlier one may too.
     */
    static Generated machine(Random random) {
        int n = 2 + random.nextInt(4);
        List<ScopeOwner.Machine.State> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StepDefinition plain = step(random, 0);
            String id = "m" + i;
            StepDefinition def = new StepDefinition(id, plain.kind(), Map.of("visit", "{{ visits." + id + " }}"),
                    List.of(), plain.timeout(), plain.retry(), plain.onError(), plain.queueTimeout(),
                    plain.onCircuitOpen(), null, Join.ALL, plain.fallback());
            List<ScopeOwner.Machine.Transition> transitions = new ArrayList<>();
            if (i < n - 1) {
                transitions.add(new ScopeOwner.Machine.Transition("steps." + id + ".status == 'completed' && steps."
                        + id + ".output.v == 1", "m" + (i + 1)));
            }
            if (random.nextBoolean()) {
                transitions.add(new ScopeOwner.Machine.Transition(random.nextBoolean() ? null
                        : "steps." + id + ".status != 'completed'", "m" + random.nextInt(i + 1)));
            }
            boolean end = i == n - 1 || random.nextInt(4) == 0;
            states.add(new ScopeOwner.Machine.State(def, transitions, end || transitions.isEmpty()));
        }
        ScopeOwner.Machine machine = new ScopeOwner.Machine("m0", states, 2 + random.nextInt(10), null);
        StepDefinition step = new StepDefinition(ScopeOwner.Machine.STEP_ID, machine, null, List.of(),
                StepDefinition.DEFAULT_TIMEOUT, RetryPolicy.DEFAULT, OnError.FAIL, null,
                StepDefinition.CircuitPolicy.HOLD, null, Join.ALL);
        ExecutionLimits limits = new ExecutionLimits(Duration.ofDays(1), 1 + random.nextInt(4), 1000);
        WorkflowDefinition definition = new WorkflowDefinition("random-machine", 0, null, null, List.of(step),
                "{{ steps.machine.output }}", limits);
        return new Generated(definition, machineYaml(definition, machine));
    }

    private static String machineYaml(WorkflowDefinition d, ScopeOwner.Machine machine) {
        StringBuilder out = new StringBuilder("name: ").append(d.name()).append('\n');
        out.append("limits: { timeout: 1d, max_parallel: ").append(d.limits().maxParallel())
                .append(", max_tasks: ").append(d.limits().maxTasks()).append(" }\n");
        out.append("initial: ").append(machine.initial()).append('\n');
        out.append("max_transitions: ").append(machine.maxTransitions()).append('\n');
        out.append("states:\n");
        for (ScopeOwner.Machine.State state : machine.states()) {
            steps(out, List.of(state.step()), "");
            out.append("    transitions: [");
            for (int k = 0; k < state.transitions().size(); k++) {
                ScopeOwner.Machine.Transition t = state.transitions().get(k);
                out.append(k == 0 ? "" : ", ").append("{ ");
                if (t.when() != null) {
                    out.append("when: \"").append(t.when()).append("\", ");
                }
                out.append("to: ").append(t.to()).append(" }");
            }
            out.append("]\n    end: ").append(state.end()).append('\n');
        }
        return out.toString();
    }

    private static StepDefinition step(Random random, int i) {
        List<String> deps = new ArrayList<>();
        int wanted = i == 0 ? 0 : random.nextInt(Math.min(i, 3) + 1);
        while (deps.size() < wanted) {
            String dep = "s" + random.nextInt(i);
            if (!deps.contains(dep)) {
                deps.add(dep);
            }
        }
        Duration timeout = Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]);
        double jitter = random.nextInt(3) == 0 ? 0.5 : 0;
        List<String> retryOn = random.nextInt(6) == 0 ? List.of("flaky") : List.of();
        List<String> nonRetryable = random.nextInt(6) == 0 ? List.of("task_timeout") : List.of();
        RetryPolicy retry = new RetryPolicy(1 + random.nextInt(4),
                RetryPolicy.Backoff.values()[random.nextInt(RetryPolicy.Backoff.values().length)],
                Duration.ofMillis(INTERVAL_MS[random.nextInt(INTERVAL_MS.length)]), Duration.ofSeconds(10),
                1 + random.nextInt(3), jitter, retryOn, nonRetryable);
        OnError onError = ON_ERROR[random.nextInt(ON_ERROR.length)];
        Duration queueTimeout = random.nextInt(4) == 0 ? Duration.ofMillis(500 + random.nextInt(2000)) : null;
        StepDefinition.CircuitPolicy onOpen = random.nextInt(5) == 0 ? StepDefinition.CircuitPolicy.FAIL
                : StepDefinition.CircuitPolicy.HOLD;
        // Sometimes another capability takes over once the step failed for good.
        StepDefinition.Fallback fallback = random.nextInt(8) == 0
                ? new StepDefinition.Fallback("w2", Map.of("why", "{{ error.type }}")) : null;
        return new StepDefinition("s" + i, new StepKind.Agent("w"), input(random, deps), deps, timeout, retry, onError,
                queueTimeout, onOpen, null, Join.ALL, fallback);
    }

    /**
     * Control flow on top of a plain step: sometimes a built-in kind instead of the agent, a
     * {@code when} (guards on a switch's case among them), a join other than all, with or without
     * cancel_others. Conditions read outputs that may be null (a skipped dependency), so some fail.
     */
    private static StepDefinition branching(Random random, StepDefinition plain, List<StepDefinition> earlier) {
        List<String> deps = plain.dependsOn();
        if (deps.isEmpty()) {
            return plain;
        }
        String dep = deps.get(random.nextInt(deps.size()));
        StepKind kind = plain.kind();
        Object input = plain.input();
        int roll = random.nextInt(29);
        if (roll == 0) {
            kind = new StepKind.Fail("sim_fail", "failed after {{ steps." + dep + ".status }}");
        } else if (roll <= 3) {
            kind = new StepKind.Switch(List.of(new StepKind.Switch.Case("one", "steps." + dep + ".output.v == 1"),
                    new StepKind.Switch.Case("more", "steps." + dep + ".output.v > 1")),
                    random.nextBoolean() ? "none" : null,
                    random.nextBoolean() ? StepKind.Switch.Mode.FIRST : StepKind.Switch.Mode.ALL);
        } else if (roll == 4) {
            StepKind.Aggregate.Strategy[] strategies = {StepKind.Aggregate.Strategy.SUM,
                    StepKind.Aggregate.Strategy.COUNT, StepKind.Aggregate.Strategy.MAX};
            kind = new StepKind.Aggregate(strategies[random.nextInt(strategies.length)], "v", null);
        } else if (roll == 5) {
            kind = new StepKind.Transform(StepKind.Transform.Form.MAPPING,
                    Map.of("from", "{{ steps." + dep + ".output }}"), List.of());
        } else if (roll == 6) {
            kind = new StepKind.Validate("{{ steps." + dep + ".output }}",
                    Map.of("type", "object", "required", List.of("v")));
        } else if (roll == 7) {
            kind = new StepKind.Sleep(java.time.Duration.ofMillis(1 + random.nextInt(2_000)), null);
        } else if (roll == 8) {
            // One task per item; the items read a dependency, so a skipped one still yields a list.
            kind = new ScopeOwner.Foreach(items(random, dep), ScopeOwner.Foreach.Mode.PARALLEL, 1 + random.nextInt(3),
                    ScopeOwner.Foreach.DEFAULT_MAX_ITEMS, "w", List.of(), null);
            input = Map.of("item", "{{ item }}", "index", "{{ index }}");
        } else if (roll == 9) {
            boolean sequential = random.nextBoolean();
            kind = new ScopeOwner.Foreach(items(random, dep), sequential ? ScopeOwner.Foreach.Mode.SEQUENTIAL
                    : ScopeOwner.Foreach.Mode.PARALLEL, sequential ? 1 : 1 + random.nextInt(2),
                    ScopeOwner.Foreach.DEFAULT_MAX_ITEMS, null, body(random, plain.id(), "{{ item }}"), null);
        } else if (roll == 10) {
            List<StepDefinition> body = body(random, plain.id(), "{{ round }}");
            kind = new ScopeOwner.Loop(body, "steps." + body.getLast().id() + ".output.v == 1", 1 + random.nextInt(3),
                    null);
        } else if (roll == 11) {
            // Always with a timeout, so a run where nobody signals still ends.
            kind = new StepKind.Wait(random.nextBoolean() ? List.of(new StepKind.Wait.Awaited("e1", null))
                    : List.of(new StepKind.Wait.Awaited("e1", "{{ input.n }}"), new StepKind.Wait.Awaited("e2", null)),
                    java.time.Duration.ofMillis(100 + random.nextInt(3_000)));
        } else if (roll == 12) {
            kind = new StepKind.Approval("ok after {{ steps." + dep + ".status }}?",
                    random.nextBoolean() ? List.of() : List.of("alice"),
                    java.time.Duration.ofMillis(100 + random.nextInt(3_000)));
        } else if (roll == 14) {
            // Tasks planned from a dependency: none when it did not complete, else one or two in sequence.
            kind = new ScopeOwner.Dynamic("{{ steps." + dep + ".status != 'completed' ? [] : steps." + dep
                    + ".output.v == 1 ? [{'agent': 'w'}] : [{'id': 'a', 'agent': 'w', 'input': {'n': 1}}, "
                    + "{'agent': 'w2', 'depends_on': ['a']}] }}", 1 + random.nextInt(3));
        } else if (roll == 13) {
            // A child per attempt: its end comes back as the attempt's result, like a task's.
            kind = new StepKind.Workflow("child", random.nextBoolean() ? 0 : 1, 1 + random.nextInt(5));
        }
        String when = null;
        if (random.nextInt(4) == 0) {
            String aSwitch = deps.stream().filter(id -> earlier.stream().anyMatch(e -> e.id().equals(id)
                    && e.kind() instanceof StepKind.Switch)).findFirst().orElse(null);
            when = aSwitch != null && random.nextInt(3) > 0 ? "steps." + aSwitch + ".output.case == 'one'"
                    : switch (random.nextInt(3)) {
                        case 0 -> "steps." + dep + ".output.v == 1";
                        case 1 -> "input.n == 1";
                        default -> "input.n == 2";
                    };
        }
        Join join = Join.ALL;
        if (deps.size() >= 2 && random.nextInt(3) == 0) {
            boolean cancelOthers = random.nextBoolean();
            join = random.nextBoolean() ? new Join(Join.Mode.ANY, 1, cancelOthers)
                    : new Join(Join.Mode.QUORUM, 2, cancelOthers);
        }
        boolean builtIn = !(kind instanceof StepKind.Agent) && !(kind instanceof ScopeOwner.Foreach f && f.isAgentForm());
        boolean waits = kind instanceof StepKind.Wait || kind instanceof StepKind.Approval;
        OnError onError = kind instanceof StepKind.Fail ? OnError.FAIL : plain.onError();
        if (kind instanceof ScopeOwner.Dynamic) {
            return new StepDefinition(plain.id(), kind, null, deps, plain.timeout(), plain.retry(), onError,
                    plain.queueTimeout(), plain.onCircuitOpen(), when, join);
        }
        if (kind instanceof StepKind.Workflow) {
            return new StepDefinition(plain.id(), kind, input, deps, plain.timeout(), plain.retry(), onError, null,
                    StepDefinition.CircuitPolicy.HOLD, when, join);
        }
        return builtIn
                ? new StepDefinition(plain.id(), kind, null, deps, StepDefinition.DEFAULT_TIMEOUT,
                        waits ? ONE_ATTEMPT : RetryPolicy.DEFAULT, onError, null, StepDefinition.CircuitPolicy.HOLD, when,
                        join)
                : new StepDefinition(plain.id(), kind, input, deps, plain.timeout(), plain.retry(), onError,
                        plain.queueTimeout(), plain.onCircuitOpen(), when, join,
                        kind instanceof StepKind.Agent ? plain.fallback() : null);
    }

    /** A list of zero to three items that reads {@code dep}. */
    private static String items(Random random, String dep) {
        List<String> items = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
            items.add("steps." + dep + ".status");
        }
        return "{{ [" + String.join(", ", items) + "] }}";
    }

    /**
     * One or two agent steps, the second after the first; ids unique in the definition. A result's
     * {@code v} is its attempt, so a loop until {@code v == 1} ends after a round without retries.
     */
    private static List<StepDefinition> body(Random random, String owner, String scoped) {
        List<StepDefinition> out = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            StepDefinition plain = step(random, 0);
            List<String> deps = i == 0 ? List.of() : List.of(owner + "_0");
            Object input = i == 0 ? Map.of("n", scoped) : Map.of("from", "{{ steps." + owner + "_0.output.v }}");
            out.add(new StepDefinition(owner + "_" + i, "w", input, deps, plain.timeout(), plain.retry(),
                    plain.onError(), plain.queueTimeout(), plain.onCircuitOpen()));
        }
        return out;
    }

    /** Reading a dependency's output field fails when that dependency was skipped. */
    private static Object input(Random random, List<String> deps) {
        if (random.nextInt(20) == 0) {
            return "{{ input.missing.field }}";
        }
        if (deps.isEmpty()) {
            return Map.of("n", "{{ input.n }}");
        }
        String dep = deps.get(random.nextInt(deps.size()));
        return Map.of("from", random.nextBoolean() ? "{{ steps." + dep + ".output.v }}"
                : "{{ steps." + dep + ".output }}");
    }

    /** The definition as its author would write it. */
    static String yaml(WorkflowDefinition d) {
        StringBuilder out = new StringBuilder("name: ").append(d.name()).append('\n');
        out.append("limits: { timeout: 1d, max_parallel: ").append(d.limits().maxParallel())
                .append(", max_tasks: ").append(d.limits().maxTasks()).append(" }\n");
        out.append("steps:\n");
        steps(out, d.steps(), "");
        out.append("output: ").append(value(d.output())).append('\n');
        return out.toString();
    }

    private static void steps(StringBuilder out, List<StepDefinition> steps, String indent) {
        for (StepDefinition s : steps) {
            out.append(indent).append("  - id: ").append(s.id()).append('\n');
            String f = indent + "    ";
            if (!s.dependsOn().isEmpty()) {
                out.append(f).append("depends_on: [").append(String.join(", ", s.dependsOn())).append("]\n");
            }
            if (s.when() != null) {
                out.append(f).append("when: \"").append(s.when()).append("\"\n");
            }
            if (!s.join().isAll()) {
                out.append(f).append("join: ").append(s.join().mode() == Join.Mode.ANY ? "{ mode: any"
                        : "{ quorum: " + s.join().quorum()).append(", cancel_others: ").append(s.join().cancelOthers())
                        .append(" }\n");
            }
            switch (s.kind()) {
                case StepKind.Agent agent -> agentFields(out, s, f);
                case StepKind.Switch c -> {
                    out.append(f).append("switch: { mode: ").append(c.mode().name().toLowerCase(Locale.ROOT));
                    if (c.defaultCase() != null) {
                        out.append(", default: ").append(c.defaultCase());
                    }
                    out.append(", cases: [");
                    for (int i = 0; i < c.cases().size(); i++) {
                        out.append(i == 0 ? "" : ", ").append("{ name: ").append(c.cases().get(i).name())
                                .append(", when: \"").append(c.cases().get(i).when()).append("\" }");
                    }
                    out.append("] }\n");
                }
                case StepKind.Fail x -> out.append(f).append("fail: { type: ").append(x.type()).append(", message: \"")
                        .append(x.message()).append("\" }\n");
                case StepKind.Aggregate a -> out.append(f).append("aggregate: { strategy: ")
                        .append(a.strategy().name().toLowerCase(Locale.ROOT)).append(", field: ").append(a.field())
                        .append(" }\n");
                case StepKind.Transform t -> out.append(f).append("transform: { mapping: ").append(value(t.value()))
                        .append(" }\n");
                case StepKind.Validate v -> out.append(f).append("validate: { value: ").append(value(v.value()))
                        .append(", schema: { type: object, required: [v] } }\n");
                case StepKind.Sleep z -> out.append(f).append("sleep: { duration: ").append(z.duration().toMillis())
                        .append("ms }\n");
                case ScopeOwner.Foreach e -> {
                    out.append(f).append("foreach:\n").append(f).append("  items: \"").append(e.items()).append("\"\n");
                    out.append(f).append("  mode: ").append(e.mode().name().toLowerCase(Locale.ROOT)).append('\n');
                    if (e.mode() == ScopeOwner.Foreach.Mode.PARALLEL) {
                        out.append(f).append("  max_parallel: ").append(e.maxParallel()).append('\n');
                    }
                    if (e.isAgentForm()) {
                        out.append(f).append("  agent: ").append(e.agent()).append('\n');
                        taskFields(out, s, f);
                    } else {
                        out.append(f).append("  steps:\n");
                        steps(out, e.steps(), f + "  ");
                    }
                }
                case ScopeOwner.Loop l -> {
                    out.append(f).append("loop:\n").append(f).append("  until: \"").append(l.until()).append("\"\n");
                    out.append(f).append("  max_iterations: ").append(l.maxIterations()).append('\n');
                    out.append(f).append("  steps:\n");
                    steps(out, l.steps(), f + "  ");
                }
                case StepKind.Wait w -> {
                    out.append("    wait: { ");
                    if (w.anyOf().size() == 1) {
                        out.append("event: ").append(w.anyOf().getFirst().event()).append(", ");
                    } else {
                        out.append("any_of: [");
                        for (int i = 0; i < w.anyOf().size(); i++) {
                            StepKind.Wait.Awaited a = w.anyOf().get(i);
                            out.append(i == 0 ? "" : ", ").append("{ event: ").append(a.event());
                            if (a.correlation() != null) {
                                out.append(", correlation: \"").append(a.correlation()).append('"');
                            }
                            out.append(" }");
                        }
                        out.append("], ");
                    }
                    out.append("timeout: ").append(w.timeout().toMillis()).append("ms }\n");
                }
                case StepKind.Approval a -> out.append("    approval: { prompt: \"").append(a.prompt())
                        .append("\", approvers: ").append(a.approvers()).append(", timeout: ")
                        .append(a.timeout().toMillis()).append("ms }\n");
                case ScopeOwner.Dynamic y -> {
                    out.append(f).append("dynamic: { tasks: \"").append(y.tasks()).append("\", max_tasks: ")
                            .append(y.maxTasks()).append(" }\n");
                    if (s.queueTimeout() != null) {
                        out.append(f).append("queue_timeout: ").append(s.queueTimeout().toMillis()).append("ms\n");
                    }
                    out.append(f).append("on_circuit_open: ").append(s.onCircuitOpen().name().toLowerCase(Locale.ROOT))
                            .append('\n');
                    out.append(f).append("timeout: ").append(s.timeout().toMillis()).append("ms\n");
                    retryField(out, s.retry(), f);
                }
                case ScopeOwner.Machine m -> throw new IllegalArgumentException("a state machine is a whole definition "
                        + "(machineYaml), not a step among others");
                case StepKind.Workflow w -> {
                    out.append(f).append("workflow: { name: ").append(w.workflow());
                    if (w.version() > 0) {
                        out.append(", version: ").append(w.version());
                    }
                    out.append(", max_depth: ").append(w.maxDepth()).append(" }\n");
                    childFields(out, s, f);
                }
            }
            if (s.isBuiltIn() && !(s.kind() instanceof StepKind.Fail)
                    && !(s.kind() instanceof ScopeOwner.Foreach e && e.isAgentForm())) {
                out.append(f).append("on_error: ").append(s.onError().name().toLowerCase(Locale.ROOT)).append('\n');
            }
        }
    }

    private static void agentFields(StringBuilder out, StepDefinition s, String f) {
        out.append(f).append("agent: ").append(s.agent()).append('\n');
        taskFields(out, s, f);
        if (s.fallback() != null) {
            out.append(f).append("fallback: { agent: ").append(s.fallback().agent()).append(", input: ")
                    .append(value(s.fallback().input())).append(" }\n");
        }
    }

    private static void taskFields(StringBuilder out, StepDefinition s, String f) {
        if (s.queueTimeout() != null) {
            out.append(f).append("queue_timeout: ").append(s.queueTimeout().toMillis()).append("ms\n");
        }
        out.append(f).append("on_circuit_open: ").append(s.onCircuitOpen().name().toLowerCase(Locale.ROOT)).append('\n');
        childFields(out, s, f);
    }

    /** What a task and a child have in common: the attempt's timeout, its retries, on_error and the input. */
    private static void childFields(StringBuilder out, StepDefinition s, String f) {
        out.append(f).append("timeout: ").append(s.timeout().toMillis()).append("ms\n");
        retryField(out, s.retry(), f);
        out.append(f).append("on_error: ").append(s.onError().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append(f).append("input: ").append(value(s.input())).append('\n');
    }

    private static void retryField(StringBuilder out, RetryPolicy r, String f) {
        out.append(f).append("retry: { max_attempts: ").append(r.maxAttempts())
                .append(", backoff: ").append(r.backoff().name().toLowerCase(Locale.ROOT))
                .append(", initial_interval: ").append(r.initialInterval().toMillis()).append("ms")
                .append(", max_interval: ").append(r.maxInterval().toMillis()).append("ms")
                .append(", multiplier: ").append(r.multiplier())
                .append(", jitter: ").append(r.jitter())
                .append(", retry_on: [").append(String.join(", ", r.retryOn())).append(']')
                .append(", non_retryable: [").append(String.join(", ", r.nonRetryable())).append("] }\n");
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{ ");
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                b.append(first ? "" : ", ").append(e.getKey()).append(": ").append(value(e.getValue()));
                first = false;
            }
            return b.append(" }").toString();
        }
        return "\"" + v + "\"";
    }
}
