package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import java.time.Instant;
import java.util.List;

/**
 * Everything one decision writes, committed atomically: its events (numbered from
 * {@code firstSequence}), the execution row, the changed step rows, the outbox rows of its task
 * messages and its timer changes.
 *
 * @param outbox             task messages to send, one per dispatched task
 * @param outboxClaimedUntil the committing replica holds the new outbox rows until then: it sends
 *                           them at once, and only a replica whose own send failed sweeps them before
 * @param startTimers        timers to store (or move, when one of the same id exists)
 * @param cancelTimers       timers that go: cancelled by the decision or consumed by firing
 * @param clearTimers        the execution ended: none of its timers is left, not even new ones
 * @param deadLetters        steps that failed for good, listed for inspection and replay
 * @param resolutions        dead letters this decision dealt with (replayed, discarded)
 */
public record CommitRequest(
        ExecutionState state,
        long firstSequence,
        List<ExecutionEvent> events,
        List<OutboxMessage> outbox,
        Instant outboxClaimedUntil,
        List<TimerRow> startTimers,
        List<String> cancelTimers,
        boolean clearTimers,
        List<DeadLetter> deadLetters,
        List<DeadLetterResolution> resolutions,
        Instant now) {

    public CommitRequest {
        events = List.copyOf(events);
        outbox = List.copyOf(outbox);
        startTimers = List.copyOf(startTimers);
        cancelTimers = List.copyOf(cancelTimers);
        deadLetters = List.copyOf(deadLetters);
        resolutions = List.copyOf(resolutions);
    }

    /** Without dead letters. */
    public CommitRequest(ExecutionState state, long firstSequence, List<ExecutionEvent> events,
                         List<OutboxMessage> outbox, Instant outboxClaimedUntil, List<TimerRow> startTimers,
                         List<String> cancelTimers, boolean clearTimers, Instant now) {
        this(state, firstSequence, events, outbox, outboxClaimedUntil, startTimers, cancelTimers, clearTimers,
                List.of(), List.of(), now);
    }

    public boolean createsExecution() {
        return firstSequence == 1;
    }

    /** The sequence the stored execution row must have for this commit to apply on top of it. */
    public long expectedSequence() {
        return firstSequence - 1;
    }
}
