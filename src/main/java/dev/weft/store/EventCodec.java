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
// Every event (EventCodecTest checks the list is complete): Jackson reads their payloads by reflection.
@RegisterForReflection(targets = {
        ExecutionEvent.ExecutionStarted.class, ExecutionEvent.StepReady.class, ExecutionEvent.TaskDispatched.class,
        ExecutionEvent.TaskCompleted.class, ExecutionEvent.TaskFailed.class, ExecutionEvent.TaskStarted.class,
        ExecutionEvent.TaskTimedOut.class, ExecutionEvent.TaskHeld.class, ExecutionEvent.TaskReleased.class,
        ExecutionEvent.RetryScheduled.class, ExecutionEvent.StepFailed.class, ExecutionEvent.StepSkipped.class,
        ExecutionEvent.StepEvaluated.class, ExecutionEvent.SleepStarted.class, ExecutionEvent.ItemsExpanded.class,
        ExecutionEvent.RoundStarted.class, ExecutionEvent.RoundEnded.class, ExecutionEvent.StateEntered.class,
        ExecutionEvent.TasksPlanned.class,
        ExecutionEvent.ResultIgnored.class, ExecutionEvent.StepRetried.class, ExecutionEvent.StepReset.class,
        ExecutionEvent.ExecutionReopened.class, ExecutionEvent.EscalationRaised.class,
        ExecutionEvent.WorkflowChained.class, ExecutionEvent.DeadLetterDiscarded.class,
        ExecutionEvent.ExecutionCompleted.class, ExecutionEvent.ExecutionFailed.class,
        ExecutionEvent.ExecutionCancelled.class, ExecutionEvent.ExecutionTimedOut.class,
        ExecutionEvent.ExecutionPaused.class, ExecutionEvent.TimerDeferred.class,
        ExecutionEvent.ExecutionResumed.class, ExecutionEvent.WaitStarted.class,
        ExecutionEvent.WaitStarted.Awaited.class, ExecutionEvent.SignalReceived.class,
        ExecutionEvent.WaitCompleted.class, ExecutionEvent.WaitTimedOut.class,
        ExecutionEvent.ApprovalRequested.class, ExecutionEvent.ApprovalDecided.class,
        ExecutionEvent.ChildStarted.class, ExecutionEvent.FallbackStarted.class, dev.weft.engine.ParentLink.class, dev.weft.engine.ErrorInfo.class,
        dev.weft.engine.RolloutDecision.class})
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

    /**
     * Step and attempt of an event, for the indexed columns and history views; 0 for an event of
     * no attempt. Every kind is listed, so a new event must say which it is.
     */
    public static int attempt(ExecutionEvent event) {
        return switch (event) {
            case ExecutionEvent.StepReady e -> e.attempt();
            case ExecutionEvent.TaskDispatched e -> e.attempt();
            case ExecutionEvent.ChildStarted e -> e.attempt();
            case ExecutionEvent.TaskCompleted e -> e.attempt();
            case ExecutionEvent.TaskFailed e -> e.attempt();
            case ExecutionEvent.TaskStarted e -> e.attempt();
            case ExecutionEvent.TaskTimedOut e -> e.attempt();
            case ExecutionEvent.RetryScheduled e -> e.nextAttempt();
            case ExecutionEvent.ResultIgnored e -> e.attempt();
            case ExecutionEvent.TimerDeferred e -> e.attempt();
            case ExecutionEvent.WaitStarted e -> e.attempt();
            case ExecutionEvent.WaitTimedOut e -> e.attempt();
            case ExecutionEvent.ApprovalRequested e -> e.attempt();
            case ExecutionEvent.ApprovalDecided e -> e.attempt();
            case ExecutionEvent.SignalReceived e -> 0;
            case ExecutionEvent.WaitCompleted e -> 0;
            case ExecutionEvent.ExecutionStarted e -> 0;
            case ExecutionEvent.TaskHeld e -> 0;
            case ExecutionEvent.TaskReleased e -> 0;
            case ExecutionEvent.StepFailed e -> 0;
            case ExecutionEvent.StepSkipped e -> 0;
            case ExecutionEvent.StepEvaluated e -> 0;
            case ExecutionEvent.SleepStarted e -> 0;
            case ExecutionEvent.ItemsExpanded e -> 0;
            case ExecutionEvent.RoundStarted e -> e.round();
            case ExecutionEvent.RoundEnded e -> e.round();
            case ExecutionEvent.StateEntered e -> e.visit();
            case ExecutionEvent.TasksPlanned e -> 0;
            case ExecutionEvent.StepRetried e -> 0;
            case ExecutionEvent.StepReset e -> 0;
            case ExecutionEvent.FallbackStarted e -> 0;
            case ExecutionEvent.ExecutionReopened e -> 0;
            case ExecutionEvent.EscalationRaised e -> 0;
            case ExecutionEvent.WorkflowChained e -> 0;
            case ExecutionEvent.DeadLetterDiscarded e -> 0;
            case ExecutionEvent.ExecutionPaused e -> 0;
            case ExecutionEvent.ExecutionResumed e -> 0;
            case ExecutionEvent.ExecutionCompleted e -> 0;
            case ExecutionEvent.ExecutionFailed e -> 0;
            case ExecutionEvent.ExecutionCancelled e -> 0;
            case ExecutionEvent.ExecutionTimedOut e -> 0;
        };
    }
}
