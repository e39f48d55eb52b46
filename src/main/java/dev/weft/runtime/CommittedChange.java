package dev.weft.runtime;

import dev.weft.engine.ExecutionState;
import java.util.List;

/** Events that just committed for one execution, with the state they led to. */
public record CommittedChange(String executionId, List<HistoryEntry> events, ExecutionState state) {
}
