package dev.weft.observability;

import dev.weft.engine.ExecutionEvent;

/** What a committed event means for the execution metrics and spans. */
enum EventKind {
    STARTED,
    ENDED,
    /** An agent's result of an attempt: it may end its step. */
    RESULT,
    /** Another event of a step that can end it (the step's state then says whether it did). */
    STEP,
    /** A task handed to the broker. */
    DISPATCHED,
    OTHER;

    /** What an event means for the metrics and spans, every event listed: a new event type does not compile until it is placed. */
    static EventKind of(ExecutionEvent event) {
        return switch (event) {
            case ExecutionEvent.ExecutionStarted x -> STARTED;
            case ExecutionEvent.ExecutionCompleted x -> ENDED;
            case ExecutionEvent.ExecutionFailed x -> ENDED;
            case ExecutionEvent.ExecutionCancelled x -> ENDED;
            case ExecutionEvent.ExecutionTimedOut x -> ENDED;
            case ExecutionEvent.TaskCompleted x -> RESULT;
            case ExecutionEvent.TaskFailed x -> RESULT;
            case ExecutionEvent.TaskTimedOut x -> STEP;
            case ExecutionEvent.StepFailed x -> STEP;
            case ExecutionEvent.StepSkipped x -> STEP;
            case ExecutionEvent.StepEvaluated x -> STEP;
            case ExecutionEvent.RoundEnded x -> STEP;
            case ExecutionEvent.WaitCompleted x -> STEP;
            case ExecutionEvent.WaitTimedOut x -> STEP;
            case ExecutionEvent.ApprovalDecided x -> STEP;
            case ExecutionEvent.StateEntered x -> STEP;
            case ExecutionEvent.StepReady x -> OTHER;
            case ExecutionEvent.TaskDispatched x -> DISPATCHED;
            case ExecutionEvent.TaskStarted x -> OTHER;
            case ExecutionEvent.ChildStarted x -> OTHER;
            case ExecutionEvent.TaskHeld x -> OTHER;
            case ExecutionEvent.TaskReleased x -> OTHER;
            case ExecutionEvent.RetryScheduled x -> OTHER;
            case ExecutionEvent.SleepStarted x -> OTHER;
            case ExecutionEvent.ItemsExpanded x -> OTHER;
            case ExecutionEvent.TasksPlanned x -> OTHER;
            case ExecutionEvent.RoundStarted x -> OTHER;
            case ExecutionEvent.WaitStarted x -> OTHER;
            case ExecutionEvent.SignalReceived x -> OTHER;
            case ExecutionEvent.ApprovalRequested x -> OTHER;
            case ExecutionEvent.ResultIgnored x -> OTHER;
            case ExecutionEvent.StepRetried x -> OTHER;
            case ExecutionEvent.FallbackStarted x -> OTHER;
            case ExecutionEvent.StepReset x -> OTHER;
            case ExecutionEvent.ExecutionReopened x -> OTHER;
            case ExecutionEvent.EscalationRaised x -> OTHER;
            case ExecutionEvent.WorkflowChained x -> OTHER;
            case ExecutionEvent.DeadLetterDiscarded x -> OTHER;
            case ExecutionEvent.ExecutionPaused x -> OTHER;
            case ExecutionEvent.TimerDeferred x -> OTHER;
            case ExecutionEvent.ExecutionResumed x -> OTHER;
        };
    }
}
