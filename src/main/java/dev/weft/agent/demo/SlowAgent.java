package dev.weft.agent.demo;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.weft.agent.AgentHandler;
import dev.weft.agent.AgentTask;

/**
 * Capability {@code slow}: echoes after {@code input.ms} milliseconds (default 1000). The wait is
 * a timer, not a sleeping thread, so hundreds of slow tasks can be in flight on one event loop.
 */
public final class SlowAgent implements AgentHandler {

    public static final String CAPABILITY = "slow";
    private static final long DEFAULT_MS = 1000;

    @Override
    public CompletionStage<Object> handle(AgentTask task) {
        long ms = task.input() instanceof Map<?, ?> map && map.get("ms") instanceof Number n
                ? Math.max(0, n.longValue()) : DEFAULT_MS;
        return CompletableFuture.supplyAsync(task::input, CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
    }
}
