package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Effect;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.TimerKind;
import dev.weft.store.TimerRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timer effects of one batch, in order, become what the commit writes (deletes, then upserts). */
class EffectPlannerTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    static final String DEADLINE = "ex:deadline";
    final EffectPlanner planner = new EffectPlanner(new TaskMessages(capability -> "weft.tasks." + capability));

    @Test
    void aTimerStartedThenCancelledInOneBatchIsNotStored() {
        // A resume (re-arming the deadline) and a pause (cancelling it) decided in one batch.
        EffectPlan plan = planner.plan(ExecutionState.EMPTY, List.of(
                new Effect.StartTimer(DEADLINE, TimerKind.WORKFLOW_DEADLINE, null, 0, T),
                new Effect.CancelTimer(DEADLINE)), List.of(), null, T);

        assertThat(plan.startTimers()).isEmpty();
        assertThat(plan.cancelTimers()).containsExactly(DEADLINE);
    }

    @Test
    void aTimerCancelledThenStartedInOneBatchIsStored() {
        // A pause and then a resume in one batch: the delete goes first, the upsert wins.
        EffectPlan plan = planner.plan(ExecutionState.EMPTY, List.of(
                new Effect.CancelTimer(DEADLINE),
                new Effect.StartTimer(DEADLINE, TimerKind.WORKFLOW_DEADLINE, null, 0, T)), List.of(), null, T);

        assertThat(plan.startTimers()).extracting(TimerRow::id).containsExactly(DEADLINE);
    }
}
