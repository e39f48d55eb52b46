package dev.weft.simulation;

import dev.weft.definition.Join;
import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.definition.WorkflowDefinition.Chain;
import dev.weft.definition.WorkflowDefinition.Chaining;
import dev.weft.definition.WorkflowDefinition.ExecutionLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small random DAGs of tasks for capability {@code w}. Deadlines are mostly an hour, so that a
 * task the runtime lost cannot hide behind its timeout within the simulated calm period; some are
 * seconds, so timeouts race results.
 */
final class SimWorkflows {
    private static final long[] TIMEOUT_MS = {2_000, 10_000, 3_600_000, 3_600_000, 3_600_000};
    private static final long[] BACKOFF_MS = {0, 200, 1_000};
    private static final OnError[] ON_ERROR = {OnError.FAIL, OnError.SKIP, OnError.CONTINUE};
    static final String FOLLOW_UP = "follow-up";

    private SimWorkflows() {
    }

    /** Mostly agent tasks; sometimes a switch on a dependency's output or another built-in step. */
    private static StepKind kind(Random random, List<String> deps, String id) {
        String dep = deps.get(0);
        return switch (random.nextInt(19)) {
            // Tasks planned from a dependency's output (ADR 0011): two, the second after the first.
            case 8 -> new ScopeOwner.Dynamic("{{ steps." + dep + ".status != 'completed' ? [] : [{'id': 'a', 'agent': '"
                    + SimAgents.CAPABILITY + "', 'input': {'n': 1}}, {'agent': '" + SimAgents.CAPABILITY
                    + "', 'depends_on': ['a']}] }}", 5);
            // One task per item, or rounds of a one-step body: instances with [ ] # . in their task ids.
            case 5 -> new ScopeOwner.Foreach("{{ steps." + dep + ".attempt % 3 == 0 ? [] : [steps." + dep + ".status, 'b', 'c'] }}",
                    ScopeOwner.Foreach.Mode.PARALLEL, 2, ScopeOwner.Foreach.DEFAULT_MAX_ITEMS, SimAgents.CAPABILITY,
                    List.of(), null);
            case 6 -> new ScopeOwner.Loop(List.of(new StepDefinition(id + "_body", SimAgents.CAPABILITY,
                    Map.of("round", "{{ round }}"), List.of(), Duration.ofSeconds(10), new RetryPolicy(3,
                    RetryPolicy.Backoff.FIXED, Duration.ofMillis(200), Duration.ofSeconds(10), 2.0), OnError.FAIL)),
                    "round >= 2 || steps." + id + "_body.output.v == 1", 3, null);
            case 0, 1 -> new StepKind.Switch(List.of(new StepKind.Switch.Case("first", "steps." + dep + ".output.v == 1"),
                    new StepKind.Switch.Case("later", "steps." + dep + ".output.v > 1")), "none",
                    StepKind.Switch.Mode.FIRST);
            // A child execution per attempt (ADR 0009), whose end comes back through the outbox.
            case 7 -> new StepKind.Workflow(FOLLOW_UP, 0, StepKind.Workflow.DEFAULT_MAX_DEPTH);
            case 2 -> new StepKind.Aggregate(StepKind.Aggregate.Strategy.SUM, "v", null);
            case 3 -> new StepKind.Validate("{{ steps." + dep + ".output }}",
                    Map.of("type", "object", "required", List.of("v")));
            case 4 -> random.nextInt(4) == 0 ? new StepKind.Fail("sim_fail", "{{ steps." + dep + ".status }}")
                    : new StepKind.Transform(StepKind.Transform.Form.MAPPING, Map.of("v", "{{ steps." + dep
                    + ".output.v }}"), List.of());
            default -> new StepKind.Agent(SimAgents.CAPABILITY);
        };
    }

    /** A guard on a switch's case when a dependency is a switch, else a condition on an output (null when skipped). */
    private static String when(Random random, List<String> deps, List<StepDefinition> earlier) {
        for (String dep : deps) {
            StepDefinition d = earlier.get(Integer.parseInt(dep.substring(1)));
            if (d.kind() instanceof StepKind.Switch) {
                return "steps." + dep + ".output.case == '" + (random.nextBoolean() ? "first" : "later") + "'";
            }
        }
        return "steps." + deps.get(0) + ".output.v <= " + (1 + random.nextInt(2));
    }

    static WorkflowDefinition generate(Random random, String name) {
        if (random.nextInt(6) == 0) {
            return machine(random, name);
        }
        int n = 1 + random.nextInt(6);
        List<StepDefinition> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> deps = new ArrayList<>();
            int wanted = i == 0 ? 0 : random.nextInt(Math.min(i, 2) + 1);
            while (deps.size() < wanted) {
                String dep = "s" + random.nextInt(i);
                if (!deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            Object input = deps.isEmpty() ? Map.of("n", "{{ input.n }}")
                    : Map.of("from", "{{ steps." + deps.get(0) + ".output }}");
            RetryPolicy retry = new RetryPolicy(1 + random.nextInt(4), RetryPolicy.Backoff.FIXED,
                    Duration.ofMillis(BACKOFF_MS[random.nextInt(BACKOFF_MS.length)]), Duration.ofSeconds(10), 2.0);
            // Some steps want their agent to say it started within seconds (a queue timeout).
            Duration queueTimeout = random.nextInt(4) == 0 ? Duration.ofSeconds(5 + random.nextInt(25)) : null;
            OnError onError = ON_ERROR[random.nextInt(ON_ERROR.length)];
            StepKind kind = deps.isEmpty() ? new StepKind.Agent(SimAgents.CAPABILITY) : kind(random, deps, "s" + i);
            String when = deps.isEmpty() || random.nextInt(4) > 0 ? null : when(random, deps, steps);
            Join join = deps.size() < 2 || random.nextInt(3) > 0 ? Join.ALL
                    : new Join(Join.Mode.ANY, 1, random.nextBoolean());
            if (kind instanceof StepKind.Workflow) {
                steps.add(new StepDefinition("s" + i, kind, input, deps,
                        Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]), retry, onError, null,
                        StepDefinition.CircuitPolicy.HOLD, when, join));
            } else if (kind instanceof ScopeOwner.Dynamic) {
                steps.add(new StepDefinition("s" + i, kind, null, deps,
                        Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]), retry, onError,
                        queueTimeout, StepDefinition.CircuitPolicy.HOLD, when, join));
            } else if (kind instanceof StepKind.Agent || kind instanceof ScopeOwner.Foreach) {
                // Some agent steps fall back to another task once they failed for good.
                StepDefinition.Fallback fallback = kind instanceof StepKind.Agent && random.nextInt(6) == 0
                        ? new StepDefinition.Fallback(SimAgents.CAPABILITY, Map.of("why", "{{ error.type }}")) : null;
                steps.add(new StepDefinition("s" + i, kind, input, deps,
                        Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]), retry, onError,
                        queueTimeout, StepDefinition.CircuitPolicy.HOLD, when, join, fallback));
            } else {
                steps.add(new StepDefinition("s" + i, kind, null, deps, StepDefinition.DEFAULT_TIMEOUT,
                        RetryPolicy.DEFAULT, kind instanceof StepKind.Fail ? OnError.FAIL : onError, null,
                        StepDefinition.CircuitPolicy.HOLD, when, join));
            }
        }
        ExecutionLimits limits = new ExecutionLimits(Duration.ofDays(1), 1 + random.nextInt(3), 1000);
        // Some chain a follow-up to their end, so the starts the engine makes itself meet the faults too.
        List<Chain> onComplete = random.nextInt(3) == 0 ? List.of(new Chain(FOLLOW_UP, null)) : List.of();
        List<Chain> onFailure = random.nextInt(3) == 0
                ? List.of(new Chain(FOLLOW_UP, Map.of("n", "{{ input.n }}", "why", "{{ error.type }}"))) : List.of();
        return new WorkflowDefinition(name, 1, null, null, steps, Map.of("done", "{{ steps.s0.status }}"), limits,
                null, new Chaining(onComplete, onFailure));
    }

    /**
     * A state machine (ADR 0011) of two to four task states: each goes on when its result's
     * {@code v} is 1 (its first attempt), else back to itself or the first state, so visits repeat
     * and some runs reach their max_transitions; the last state ends it.
     */
    static WorkflowDefinition machine(Random random, String name) {
        int n = 2 + random.nextInt(3);
        List<ScopeOwner.Machine.State> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "m" + i;
            StepDefinition step = new StepDefinition(id, new StepKind.Agent(SimAgents.CAPABILITY),
                    Map.of("visit", "{{ visits." + id + " }}"), List.of(),
                    Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]), new RetryPolicy(1
                    + random.nextInt(3), RetryPolicy.Backoff.FIXED, Duration.ofMillis(200), Duration.ofSeconds(10),
                    2.0), ON_ERROR[random.nextInt(ON_ERROR.length)], null, StepDefinition.CircuitPolicy.HOLD, null,
                    Join.ALL);
            List<ScopeOwner.Machine.Transition> transitions = new ArrayList<>();
            if (i < n - 1) {
                transitions.add(new ScopeOwner.Machine.Transition("steps." + id + ".status == 'completed' && steps."
                        + id + ".output.v == 1", "m" + (i + 1)));
                transitions.add(new ScopeOwner.Machine.Transition(null, "m" + (random.nextBoolean() ? 0 : i)));
            }
            states.add(new ScopeOwner.Machine.State(step, transitions, i == n - 1));
        }
        StepDefinition machine = new StepDefinition(ScopeOwner.Machine.STEP_ID, new ScopeOwner.Machine("m0", states,
                3 + random.nextInt(8), null), null, List.of(), StepDefinition.DEFAULT_TIMEOUT, RetryPolicy.DEFAULT,
                OnError.FAIL, null, StepDefinition.CircuitPolicy.HOLD, null, Join.ALL);
        return new WorkflowDefinition(name, 1, null, null, List.of(machine), "{{ steps.machine.output }}",
                new ExecutionLimits(Duration.ofDays(1), 1 + random.nextInt(3), 1000));
    }

    /** The workflow chained ones and children start: one task, and no chain of its own. */
    static WorkflowDefinition followUp() {
        return new WorkflowDefinition(FOLLOW_UP, 1, null, null, List.of(new StepDefinition("f", SimAgents.CAPABILITY,
                Map.of("n", 1L), List.of(), Duration.ofHours(1), new RetryPolicy(3, RetryPolicy.Backoff.FIXED,
                Duration.ofMillis(200), Duration.ofSeconds(10), 2.0), OnError.FAIL)), null,
                new ExecutionLimits(Duration.ofDays(1), 1, 1000));
    }
}
