package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.SignalReceived;
import dev.weft.engine.ExecutionEvent.StepReady;
import dev.weft.engine.ExecutionEvent.TaskDispatched;
import java.util.List;

/**
 * Finds the {@code StepReady} that a decision's {@code TaskDispatched} makes redundant (ADR 0012):
 * the last event of the decision concerning that step, of the same attempt, at the same instant.
 * The applier reads such a dispatch as "ready and dispatched now", so the stored history rebuilds
 * the same state with one row less per task.
 */
final class ReadyCompaction {
    private ReadyCompaction() {
    }

    /**
     * The index in {@code events} (this decision's so far) of the StepReady that {@code dispatch}
     * makes redundant, or -1. None past a SignalReceived: its sequence number names the signal, and
     * dropping an event before it would move that number.
     */
    static int redundantReady(List<ExecutionEvent> events, TaskDispatched dispatch) {
        for (int j = events.size() - 1; j >= 0; j--) {
            ExecutionEvent e = events.get(j);
            if (e instanceof SignalReceived) {
                return -1;
            }
            if (dispatch.stepId().equals(e.stepId())) {
                return e instanceof StepReady r && r.attempt() == dispatch.attempt() && r.at().equals(dispatch.at())
                        ? j : -1;
            }
        }
        return -1;
    }
}
