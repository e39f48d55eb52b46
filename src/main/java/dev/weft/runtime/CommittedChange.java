package dev.weft.runtime;

import dev.weft.engine.ExecutionState;
import java.util.List;

/**
 * Events that just committed for one execution. A change committed on this replica carries its
 * events and the state they led to; a change learned from another replica is only a hint
 * ({@code events} empty, {@code state} null) that the history now reaches {@code lastSequence}.
 */
public record CommittedChange(String executionId, long lastSequence, List<HistoryEntry> events,
                              ExecutionState state) {

    public boolean isHint() {
        return events.isEmpty();
    }
}
