package dev.weft.engine;

import dev.weft.definition.DefinitionParser;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deterministic simulation: seeded random workflows under seeded random schedules. A failure
 * names its seed and definition, so it replays exactly with {@link #runSeed(long)}.
 */
class RandomScheduleSimulationTest {
    static final int SEEDS = 500;

    /** Every run of the seeds, computed once per JVM and shared with the coverage test. */
    static final class Runs {
        static final Runs ALL = runAll();

        final Map<ExecutionStatus, Integer> endings = new EnumMap<>(ExecutionStatus.class);
        final Set<StepTransitions.Transition> transitions = new HashSet<>();
        int decisions;

        private static Runs runAll() {
            Runs runs = new Runs();
            for (long seed = 1; seed <= SEEDS; seed++) {
                ScheduleSimulator.Outcome outcome = runSeed(seed);
                runs.endings.merge(outcome.status(), 1, Integer::sum);
                runs.transitions.addAll(outcome.transitions());
                runs.decisions += outcome.decisions();
            }
            return runs;
        }
    }

    static ScheduleSimulator.Outcome runSeed(long seed) {
        Random random = new Random(seed);
        RandomWorkflows.Generated workflow = RandomWorkflows.generate(random);
        try {
            return new ScheduleSimulator(random, workflow.definition()).run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " broke an invariant: " + e.getMessage()
                    + "\n--- definition ---\n" + workflow.yaml(), e);
        }
    }

    @Test
    void everyRandomScheduleKeepsTheEngineInvariantsAndEnds() {
        Runs runs = Runs.ALL;

        assertThat(runs.endings.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SEEDS);
        assertThat(runs.decisions).as("decisions taken").isGreaterThan(SEEDS * 10);
    }

    @Test
    void theSchedulesReachEveryKindOfEnding() {
        // A simulation that always ends the same way would prove little.
        assertThat(Runs.ALL.endings).as("endings over %d seeds", SEEDS).containsKeys(ExecutionStatus.COMPLETED,
                ExecutionStatus.FAILED, ExecutionStatus.CANCELLED, ExecutionStatus.TIMED_OUT);
    }

    @Test
    void aSeedReplaysToTheSameOutcome() {
        ScheduleSimulator.Outcome first = runSeed(42);
        ScheduleSimulator.Outcome again = runSeed(42);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void theGeneratedDefinitionsAreWhatTheParserReadsFromTheirYaml() {
        // Parsing is slow (CEL type-checking), so a sample stands for the rest.
        for (long seed = 1; seed <= 10; seed++) {
            RandomWorkflows.Generated generated = RandomWorkflows.generate(new Random(seed));
            assertThat(new DefinitionParser().parse(generated.yaml())).as("seed %d", seed)
                    .isEqualTo(generated.definition());
        }
    }
}
