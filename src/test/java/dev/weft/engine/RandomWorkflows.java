package dev.weft.engine;

import dev.weft.definition.OnError;
import dev.weft.definition.RetryPolicy;
import dev.weft.definition.StepDefinition;
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
    private static final long[] TIMEOUT_MS = {1_000, 5_000, 30_000};

    private RandomWorkflows() {
    }

    record Generated(WorkflowDefinition definition, String yaml) {
    }

    static Generated generate(Random random) {
        int n = 3 + random.nextInt(13);
        int maxParallel = 1 + random.nextInt(4);
        int maxTasks = random.nextInt(5) == 0 ? n + random.nextInt(n) : 1000;
        ExecutionLimits limits = new ExecutionLimits(Duration.ofDays(1), maxParallel, maxTasks);
        List<StepDefinition> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(step(random, i));
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
        return new StepDefinition("s" + i, "w", input(random, deps), deps, timeout, retry, onError, queueTimeout,
                onOpen);
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
        for (StepDefinition s : d.steps()) {
            out.append("  - id: ").append(s.id()).append("\n    agent: ").append(s.agent()).append('\n');
            if (!s.dependsOn().isEmpty()) {
                out.append("    depends_on: [").append(String.join(", ", s.dependsOn())).append("]\n");
            }
            RetryPolicy r = s.retry();
            out.append("    timeout: ").append(s.timeout().toMillis()).append("ms\n");
            if (s.queueTimeout() != null) {
                out.append("    queue_timeout: ").append(s.queueTimeout().toMillis()).append("ms\n");
            }
            out.append("    on_circuit_open: ").append(s.onCircuitOpen().name().toLowerCase(Locale.ROOT)).append('\n');
            out.append("    retry: { max_attempts: ").append(r.maxAttempts())
                    .append(", backoff: ").append(r.backoff().name().toLowerCase(Locale.ROOT))
                    .append(", initial_interval: ").append(r.initialInterval().toMillis()).append("ms")
                    .append(", max_interval: ").append(r.maxInterval().toMillis()).append("ms")
                    .append(", multiplier: ").append(r.multiplier())
                    .append(", jitter: ").append(r.jitter())
                    .append(", retry_on: [").append(String.join(", ", r.retryOn())).append(']')
                    .append(", non_retryable: [").append(String.join(", ", r.nonRetryable())).append("] }\n");
            out.append("    on_error: ").append(s.onError().name().toLowerCase(Locale.ROOT)).append('\n');
            out.append("    input: ").append(value(s.input())).append('\n');
        }
        out.append("output: ").append(value(d.output())).append('\n');
        return out.toString();
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            return "{ " + e.getKey() + ": " + value(e.getValue()) + " }";
        }
        return "\"" + v + "\"";
    }
}
