package dev.weft.store;

import dev.weft.engine.ExecutionEvent;

/**
 * A dispatched attempt whose task message a sweep claimed to send again (ADR 0016): what its
 * message is rebuilt from.
 *
 * @param traceparent the trace of the execution's tasks, or null
 */
public record UnsentDispatch(String executionId, String tenant, String traceparent,
                             ExecutionEvent.TaskDispatched dispatch) {
}
