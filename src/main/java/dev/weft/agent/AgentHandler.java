package dev.weft.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The work behind one capability. The returned output (any Jackson-serialisable value) becomes the
 * step output; an exceptional completion becomes a failed result ({@link TaskException} chooses
 * the error type and whether the engine may retry, anything else is a retryable
 * {@code agent_error}).
 *
 * <p>Called on an event-loop thread so that many tasks can be in flight on a few threads: it must
 * not block. Blocking work belongs on an executor ({@code CompletableFuture.supplyAsync(.., executor)}).
 */
@FunctionalInterface
public interface AgentHandler {

    CompletionStage<Object> handle(AgentTask task);

    /** Adapts a quick, non-blocking function; a thrown exception becomes a failed result. */
    static AgentHandler sync(java.util.function.Function<AgentTask, Object> fn) {
        return task -> CompletableFuture.completedFuture(fn.apply(task));
    }
}
