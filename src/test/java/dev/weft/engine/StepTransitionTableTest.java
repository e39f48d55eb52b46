package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.ExecutionEvent.*;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The applier enforces the step table: an event that would move a step another way is refused. */
class StepTransitionTableTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aCompletionOfAStepThatNeverRanIsRefused() {
        ExecutionState started = EventApplier.apply(ExecutionState.EMPTY, new ExecutionStarted("ex", "t", "w", 1,
                Map.of(), null, null, T.plusSeconds(60), null, T), List.of("a"));

        assertThatThrownBy(() -> EventApplier.apply(started, new TaskCompleted("a", 1, "ex:a:1", "ag", "x", T),
                List.of("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Expected a transition of the step table, but step 'a' would go PENDING --TaskCompleted--> COMPLETED");
    }
}
