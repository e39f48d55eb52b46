package dev.weft.agent.demo;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.weft.agent.AgentHandler;
import dev.weft.agent.AgentTask;
import dev.weft.agent.TaskException;

/**
 * Capability {@code flaky}: fails attempts 1..{@code input.failures} (default 2) of a step with a
 * retryable error, then echoes. Deciding by the attempt number (not by a counter of calls) keeps a
 * broker redelivery of the same attempt from counting as an extra failure, which is exactly the
 * idempotency the protocol asks of agents.
 */
public final class FlakyAgent implements AgentHandler {

    public static final String CAPABILITY = "flaky";
    private static final int DEFAULT_FAILURES = 2;

    /** Highest attempt seen per idempotency key; in memory only, for observation. */
    private final Map<String, Integer> highestAttempt = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Object> handle(AgentTask task) {
        highestAttempt.merge(task.idempotencyKey(), task.attempt(), Math::max);
        int failures = failures(task.input());
        if (task.attempt() <= failures) {
            return CompletableFuture.failedFuture(new TaskException(
                    "flaky failure " + task.attempt() + " of " + failures + " for " + task.idempotencyKey(), true));
        }
        return CompletableFuture.completedFuture(task.input());
    }

    public int highestAttempt(String idempotencyKey) {
        return highestAttempt.getOrDefault(idempotencyKey, 0);
    }

    private static int failures(Object input) {
        if (input instanceof Map<?, ?> map && map.get("failures") instanceof Number n) {
            return n.intValue();
        }
        return DEFAULT_FAILURES;
    }
}
