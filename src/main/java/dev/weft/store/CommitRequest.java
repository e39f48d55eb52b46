package dev.weft.store;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import java.time.Instant;
import java.util.List;

/**
 * Everything one decision writes, committed atomically: its events (numbered from
 * {@code firstSequence}), the execution row, the changed step rows, the outbox rows of its task
 * messages and its timer changes.
 *
 * @param outbox          task messages to send, one per {@code DispatchTask} effect
 * @param consumedTimers  timers that this decision handled and that must go with it
 */
public record CommitRequest(
        ExecutionState state,
        long firstSequence,
        List<ExecutionEvent> events,
        List<Effect> effects,
        List<OutboxMessage> outbox,
        List<String> consumedTimers,
        Instant now) {

    public boolean createsExecution() {
        return firstSequence == 1;
    }
}
