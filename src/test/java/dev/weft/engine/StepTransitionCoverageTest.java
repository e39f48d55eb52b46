package dev.weft.engine;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the step state machine ({@link StepTransitions#EXPECTED}) is exercised. Counted on
 * the deterministic simulation alone, so the result does not depend on which tests ran before;
 * the scenario tests check their transitions against the same table as they go.
 */
class StepTransitionCoverageTest {

    @Test
    void theSimulationExercisesEveryExpectedStepTransition() {
        Set<StepTransitionTable.Transition> missing = new LinkedHashSet<>(StepTransitions.EXPECTED);
        missing.removeAll(RandomScheduleSimulationTest.Runs.all().transitions());

        assertThat(missing).as("transitions never exercised").isEmpty();
    }

    @Test
    void noTestEverSawATransitionOutsideTheTable() {
        // observe() fails fast on an unknown transition; this also guards the collector itself.
        assertThat(RandomScheduleSimulationTest.Runs.all().transitions()).isSubsetOf(StepTransitions.EXPECTED);
        assertThat(StepTransitions.seenEverywhere()).isSubsetOf(StepTransitions.EXPECTED);
    }
}
