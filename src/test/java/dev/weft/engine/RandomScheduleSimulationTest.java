package dev.weft.engine;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
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
    /** 1,000 in CI; {@code -Dweft.engine.sim.seeds=N} runs more. */
    static final int SEEDS = Integer.getInteger("weft.engine.sim.seeds", 1_000);

    /** What all seeds did together; computed once per JVM and shared with the coverage test. */
    record Runs(Map<ExecutionStatus, Integer> endings, Set<StepTransitionTable.Transition> transitions, int decisions,
                int pauses) {
        private static Runs all;
        private static AssertionError failure;

        /** Every test that asks sees the same outcome, a failing seed included. */
        static synchronized Runs all() {
            if (all == null && failure == null) {
                try {
                    all = runAll();
                } catch (AssertionError e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return all;
        }

        private static Runs runAll() {
            Map<ExecutionStatus, Integer> endings = new EnumMap<>(ExecutionStatus.class);
            Set<StepTransitionTable.Transition> transitions = new HashSet<>();
            int decisions = 0;
            int pauses = 0;
            for (long seed = 1; seed <= SEEDS; seed++) {
                ScheduleSimulator.Outcome outcome = runSeed(seed);
                endings.merge(outcome.status(), 1, Integer::sum);
                transitions.addAll(outcome.transitions());
                decisions += outcome.decisions();
                pauses += outcome.pauses();
            }
            return new Runs(endings, transitions, decisions, pauses);
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
        Runs runs = Runs.all();

        assertThat(runs.endings().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SEEDS);
        assertThat(runs.decisions()).as("decisions taken").isGreaterThan(SEEDS * 10);
        assertThat(runs.pauses()).as("pauses, each with nothing dispatched until its resume").isGreaterThan(SEEDS / 5);
    }

    @Test
    void theSchedulesReachEveryKindOfEnding() {
        // A simulation that always ends the same way would prove little.
        assertThat(Runs.all().endings()).as("endings over %d seeds", SEEDS).containsKeys(ExecutionStatus.COMPLETED,
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
            RandomWorkflows.Generated machine = RandomWorkflows.machine(new Random(seed));
            assertThat(new DefinitionParser().parse(machine.yaml())).as("machine of seed %d", seed)
                    .isEqualTo(machine.definition());
        }
        // And the first few with a dynamic step, a kind the sample above may miss.
        int dynamic = 0;
        for (long seed = 11; seed <= 2_000 && dynamic < 3; seed++) {
            RandomWorkflows.Generated generated = RandomWorkflows.generate(new Random(seed));
            if (generated.definition().steps().stream().noneMatch(s -> s.kind() instanceof ScopeOwner.Dynamic)) {
                continue;
            }
            dynamic++;
            assertThat(new DefinitionParser().parse(generated.yaml())).as("seed %d", seed)
                    .isEqualTo(generated.definition());
        }
        assertThat(dynamic).as("definitions with a dynamic step").isEqualTo(3);
    }
}
