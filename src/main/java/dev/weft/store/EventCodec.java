package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps events to rows and back. The row's {@code type} is the event's simple name and
 * {@code schema_version} says which shape its payload has; an upgrade of an event's shape adds
 * a version here and a converter from the older one, never a rewrite of stored rows.
 */
@RegisterForReflection(targets = {
        ExecutionEvent.ExecutionStarted.class, ExecutionEvent.StepReady.class,
        ExecutionEvent.TaskDispatched.class, ExecutionEvent.TaskCompleted.class, ExecutionEvent.TaskFailed.class,
        ExecutionEvent.TaskTimedOut.class, ExecutionEvent.RetryScheduled.class, ExecutionEvent.StepFailed.class,
        ExecutionEvent.StepSkipped.class, ExecutionEvent.StepEvaluated.class, ExecutionEvent.ResultIgnored.class,
        ExecutionEvent.ExecutionCompleted.class, ExecutionEvent.ExecutionFailed.class,
        ExecutionEvent.ExecutionCancelled.class, ExecutionEvent.ExecutionTimedOut.class,
        dev.weft.engine.ErrorInfo.class})
public final class EventCodec {
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, Class<? extends ExecutionEvent>> TYPES = Stream.of(
                    ExecutionEvent.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(ExecutionEvent.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventCodec() {
    }

    public static String type(ExecutionEvent event) {
        return event.getClass().getSimpleName();
    }

    public static String encode(ExecutionEvent event) {
        return Json.write(event);
    }

    public static ExecutionEvent decode(String type, int schemaVersion, String payload) {
        Class<? extends ExecutionEvent> cls = TYPES.get(type);
        if (cls == null) {
            throw new IllegalStateException("Expected a known event type, but got '" + type + "'");
        }
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalStateException("Expected event schema version " + SCHEMA_VERSION + ", but got "
                    + schemaVersion + " for " + type);
        }
        return Json.read(payload, cls);
    }

    /** Step and attempt of an event, for the indexed columns and history views. */
    public static int attempt(ExecutionEvent event) {
        return switch (event) {
            case ExecutionEvent.StepReady e -> e.attempt();
            case ExecutionEvent.TaskDispatched e -> e.attempt();
            case ExecutionEvent.TaskCompleted e -> e.attempt();
            case ExecutionEvent.TaskFailed e -> e.attempt();
            case ExecutionEvent.TaskTimedOut e -> e.attempt();
            case ExecutionEvent.RetryScheduled e -> e.nextAttempt();
            case ExecutionEvent.ResultIgnored e -> e.attempt();
            default -> 0;
        };
    }
}
