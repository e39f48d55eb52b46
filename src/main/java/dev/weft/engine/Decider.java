package dev.weft.engine;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command.*;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;
import java.time.Instant;
import java.util.Objects;

/**
 * The engine: {@code decide(definition, state, command, now)} returns the events to append and
 * the effects to carry out. Pure — no clock, no randomness, no I/O — so every rule is testable in
 * microseconds and a history replays to the same state.
 */
public final class Decider {
    private final StepScheduler scheduler;
    private final FailureRules failures;
    private final OperatorRules operators = new OperatorRules();
    private final ChainRules chains;
    private final PauseRules pauses = new PauseRules();
    private final Waits waits;
    private final Approvals approvals;
    private final ChildRules children;

    public Decider(ExpressionEvaluator expressions) {
        this.failures = new FailureRules();
        this.scheduler = new StepScheduler(Objects.requireNonNull(expressions), failures);
        this.chains = new ChainRules(expressions);
        this.waits = new Waits(expressions, failures);
        this.approvals = new Approvals(expressions, failures);
        this.children = new ChildRules(expressions, failures);
    }

    public Decision decide(WorkflowDefinition definition, ExecutionState state, Command command, Instant now) {
        return decide(definition, state, command, now, DispatchGate.OPEN);
    }

    /** @param gate whether tasks of a capability may go out now (the circuit breakers), an input like {@code now} */
    public Decision decide(WorkflowDefinition definition, ExecutionState state, Command command, Instant now,
                           DispatchGate gate) {
        if (!state.isStarted() && !(command instanceof StartExecution)) {
            // Without ExecutionStarted there is no execution to end or advance: a cancel or a
            // timer here would write a terminal event as the first (and only) one of a history.
            throw new CommandRejectedException("Expected a started execution, but got " + command
                    + " before StartExecution");
        }
        boolean endedBefore = state.isTerminal();
        DecisionBuilder d = new DecisionBuilder(definition, state, now, gate);
        switch (command) {
            case StartExecution c -> start(d, c);
            case RecordTaskResult c -> new ResultRules(failures).record(d, c);
            case RecordTaskStarted c -> ResultRules.started(d, c);
            case FireTimer c -> fireTimer(d, c);
            case CancelExecution c -> cancel(d, c);
            case RetryStep c -> operators.retry(d, c);
            case ReleaseHeldSteps c -> release(d, c);
            case DiscardDeadLetter c -> operators.discard(d, c);
            case PauseExecution c -> pauses.pause(d, c);
            case ResumeExecution c -> pauses.resume(d, c, timer -> fireTimer(d, timer));
            case SignalExecution c -> waits.receive(d, c);
            case DecideApproval c -> approvals.decide(d, c);
        }
        scheduler.advance(d);
        chains.afterDecision(d, endedBefore);
        children.afterDecision(d, state, command);
        return d.build();
    }

    private void start(DecisionBuilder d, StartExecution c) {
        if (d.state().isStarted()) {
            throw new CommandRejectedException("Expected a new execution, but " + c.executionId() + " already started");
        }
        Instant deadline = d.now.plus(d.definition.limits().timeout());
        d.emit(new ExecutionStarted(c.executionId(), c.tenant(), d.definition.name(), d.definition.version(),
                c.input(), c.requestId(), c.requestFingerprint(), deadline, c.traceparent(), c.parent(), c.rollout(),
                d.now));
        d.effect(new Effect.StartTimer(TaskIds.timerId(c.executionId(), TimerKind.WORKFLOW_DEADLINE, null, 0),
                TimerKind.WORKFLOW_DEADLINE, null, 0, deadline));
    }

    private void fireTimer(DecisionBuilder d, FireTimer c) {
        ExecutionState state = d.state();
        if (state.isTerminal()) {
            return; // a timer of an ended execution is obsolete
        }
        if (state.isPaused()) {
            pauses.defer(d, c);
            return;
        }
        switch (c.kind()) {
            case WORKFLOW_DEADLINE -> {
                if (state.deadline() != null && d.now.isBefore(state.deadline())) {
                    // A timer of a deadline that has moved since (a resume, a reopening) and raced
                    // the move: the execution keeps its current deadline, armed again to be sure.
                    d.effect(new Effect.StartTimer(TaskIds.timerId(state.executionId(), TimerKind.WORKFLOW_DEADLINE,
                            null, 0), TimerKind.WORKFLOW_DEADLINE, null, 0, state.deadline()));
                    return;
                }
                d.emit(new ExecutionTimedOut(d.now));
                d.effect(new Effect.CancelAllTimers());
            }
            case TASK_DEADLINE -> {
                StepState step = state.step(c.stepId());
                if (step.status() == StepStatus.RUNNING && step.attempt() == c.attempt()) {
                    ResultRules.cancelQueueDeadline(d, step);
                    d.emit(new TaskTimedOut(c.stepId(), c.attempt(), step.taskId(), TaskTimedOut.TASK, d.now));
                    failures.attemptFailed(d, c.stepId());
                }
            }
            case QUEUE_DEADLINE -> {
                StepState step = state.step(c.stepId());
                if (step.status() == StepStatus.RUNNING && step.attempt() == c.attempt()
                        && step.agentStartedAt() == null) {
                    d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.TASK_DEADLINE,
                            c.stepId(), c.attempt())));
                    d.emit(new TaskTimedOut(c.stepId(), c.attempt(), step.taskId(), TaskTimedOut.QUEUE, d.now));
                    failures.attemptFailed(d, c.stepId());
                }
            }
            case RETRY_BACKOFF -> {
                StepState step = state.step(c.stepId());
                if (step.status() == StepStatus.RETRY_WAIT && step.attempt() + 1 == c.attempt()) {
                    d.emit(new StepReady(c.stepId(), c.attempt(), d.now));
                }
            }
            case SLEEP -> Sleeps.wakeUp(d, c.stepId());
            case WAIT_TIMEOUT -> waits.timedOut(d, c.stepId(), c.attempt());
        }
    }

    private static void release(DecisionBuilder d, ReleaseHeldSteps c) {
        if (d.state().isTerminal()) {
            return;
        }
        for (StepState step : d.state().steps().values()) {
            if (step.status() == StepStatus.HELD
                    && c.capability().equals(d.blueprint.definitionOf(step.stepId()).agent(step.inFallback()))) {
                d.emit(new TaskReleased(step.stepId(), c.capability(), c.reason(), d.now));
            }
        }
    }

    private void cancel(DecisionBuilder d, CancelExecution c) {
        if (d.state().isTerminal()) {
            throw new CommandRejectedException("Expected a running execution, but it is already "
                    + d.state().status());
        }
        String reason = c.reason() == null || c.reason().isBlank() ? "cancelled by request" : c.reason();
        d.emit(new ExecutionCancelled(reason, d.now));
        d.effect(new Effect.CancelAllTimers());
    }
}
