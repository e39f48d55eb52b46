package dev.weft.engine;

import dev.weft.engine.Command.FireTimer;
import dev.weft.engine.Command.PauseExecution;
import dev.weft.engine.Command.ResumeExecution;
import dev.weft.engine.ExecutionEvent.*;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Pause and resume (ADR 0006). A paused execution sends no task; everything else goes on:
 * results of tasks in flight are recorded and followed as always (a retry is scheduled, a step
 * fails, the execution may even end), steps become ready, an operator may cancel. Timers that
 * fall due are not lost but deferred: the history records each ({@code TimerDeferred}) and the
 * resume fires them in order, as if they came due at that moment. The pause does not count
 * against the workflow timeout: its timer goes with the pause and comes back with the resume,
 * moved by the pause's length.
 */
final class PauseRules {

    void pause(DecisionBuilder d, PauseExecution c) {
        ExecutionState state = d.state();
        if (state.status() != ExecutionStatus.RUNNING) {
            throw new CommandRejectedException("Expected a running execution to pause, but it is "
                    + (state.isPaused() ? "already PAUSED" : state.status()));
        }
        d.emit(new ExecutionPaused(reasonOr(c.reason(), "paused by request"), c.requestedBy(), d.now));
        d.effect(new Effect.CancelTimer(deadlineTimerId(state)));
    }

    /** @param fire handles a timer as the decider does when one comes due */
    void resume(DecisionBuilder d, ResumeExecution c, Consumer<FireTimer> fire) {
        ExecutionState state = d.state();
        if (!state.isPaused()) {
            throw new CommandRejectedException("Expected a paused execution to resume, but it is " + state.status());
        }
        Pause pause = state.pause();
        Duration paused = Duration.between(pause.since(), d.now);
        if (paused.isNegative()) {
            paused = Duration.ZERO; // another replica's clock behind the one that paused
        }
        Instant deadline = state.deadline() == null ? null : state.deadline().plus(paused);
        d.emit(new ExecutionResumed(reasonOr(c.reason(), "resumed by request"), c.requestedBy(), deadline, d.now));
        if (deadline != null) {
            // The same timer id: a deadline timer still stored (a claim racing the pause) moves too.
            d.effect(new Effect.StartTimer(deadlineTimerId(state), TimerKind.WORKFLOW_DEADLINE, null, 0, deadline));
        }
        for (Pause.DeferredTimer t : pause.deferred()) {
            if (t.kind() == TimerKind.WORKFLOW_DEADLINE) {
                continue; // the old deadline no longer holds: the new one is armed above
            }
            fire.accept(new FireTimer(t.kind(), t.stepId(), t.attempt()));
        }
    }

    /** A timer came due while paused: recorded once, fired on resume. */
    void defer(DecisionBuilder d, FireTimer c) {
        Pause.DeferredTimer timer = new Pause.DeferredTimer(c.kind(), c.stepId(), c.attempt());
        if (!d.state().pause().isDeferred(timer)) {
            d.emit(new TimerDeferred(c.kind(), c.stepId(), c.attempt(), d.now));
        }
    }

    private static String deadlineTimerId(ExecutionState state) {
        return TaskIds.timerId(state.executionId(), TimerKind.WORKFLOW_DEADLINE, null, 0);
    }

    private static String reasonOr(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : reason;
    }
}
