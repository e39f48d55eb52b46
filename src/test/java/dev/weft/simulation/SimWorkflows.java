package dev.weft.simulation;

import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
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

    static WorkflowDefinition generate(Random random, String name) {
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
            steps.add(new StepDefinition("s" + i, SimAgents.CAPABILITY, input, deps,
                    Duration.ofMillis(TIMEOUT_MS[random.nextInt(TIMEOUT_MS.length)]), retry,
                    ON_ERROR[random.nextInt(ON_ERROR.length)], queueTimeout, StepDefinition.CircuitPolicy.HOLD));
        }
        ExecutionLimits limits = new ExecutionLimits(Duration.ofDays(1), 1 + random.nextInt(3), 1000);
        // Some chain a follow-up to their end, so the starts the engine makes itself meet the faults too.
        List<Chain> onComplete = random.nextInt(3) == 0 ? List.of(new Chain(FOLLOW_UP, null)) : List.of();
        List<Chain> onFailure = random.nextInt(3) == 0
                ? List.of(new Chain(FOLLOW_UP, Map.of("n", "{{ input.n }}", "why", "{{ error.type }}"))) : List.of();
        return new WorkflowDefinition(name, 1, null, null, steps, Map.of("done", "{{ steps.s0.status }}"), limits,
                null, new Chaining(onComplete, onFailure));
    }

    /** The workflow chained ones start: one task, and no chain of its own. */
    static WorkflowDefinition followUp() {
        return new WorkflowDefinition(FOLLOW_UP, 1, null, null, List.of(new StepDefinition("f", SimAgents.CAPABILITY,
                Map.of("n", 1L), List.of(), Duration.ofHours(1), new RetryPolicy(3, RetryPolicy.Backoff.FIXED,
                Duration.ofMillis(200), Duration.ofSeconds(10), 2.0), OnError.FAIL)), null,
                new ExecutionLimits(Duration.ofDays(1), 1, 1000));
    }
}
