package dev.weft.agent.demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.weft.agent.AgentHandler;
import dev.weft.agent.AgentTask;

/** Capability {@code echo}: the output is the input, unchanged. */
public final class EchoAgent implements AgentHandler {

    public static final String CAPABILITY = "echo";

    @Override
    public CompletionStage<Object> handle(AgentTask task) {
        return CompletableFuture.completedFuture(task.input());
    }
}
