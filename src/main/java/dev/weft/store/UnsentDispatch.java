package dev.weft.store;

import dev.weft.engine.ExecutionEvent;

/**
 * A dispatched attempt whose task message a sweep claimed to send again (ADR 0016): what its
 * message is rebuilt from.
 *
 * @param traceparent the trace of the execution's tasks, or null
 * @param shadow      whether the execution runs in shadow (ADR 0015)
 */
public record UnsentDispatch(String executionId, String tenant, String traceparent, boolean shadow,
                             ExecutionEvent.TaskDispatched dispatch) {
}
