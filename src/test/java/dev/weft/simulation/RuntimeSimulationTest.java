package dev.weft.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation of the runtime around the engine — group commit, outbox relay, timers,
 * result handling, several replicas and their crashes — against a simulated PostgreSQL and broker
 * with seeded faults (see {@link RuntimeSimulation}). A failing seed is named in the failure and
 * replays exactly: {@code ./mvnw test -Dtest=RuntimeSimulationTest -Dweft.sim.seed=N}.
 * {@code -Dweft.sim.seeds=N} runs more (or fewer) seeds.
 */
class RuntimeSimulationTest {
    static final long SEEDS = Long.getLong("weft.sim.seeds", 10_000);
    static final Long ONLY = Long.getLong("weft.sim.seed");

    @BeforeAll
    static void quiet() {
        // Thousands of seeds with injected faults log thousands of expected warnings.
        // A single seed replayed keeps them: they tell what happened.
        if (ONLY != null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        java.util.logging.Logger.getLogger("dev.weft").setLevel(ONLY != null ? Level.INFO : Level.SEVERE);
    }

    static RuntimeSimulation.Outcome runSeed(long seed) {
        try {
            return new RuntimeSimulation(seed).run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " broke an invariant: " + e.getMessage()
                    + "\nreplay: ./mvnw test -Dtest=RuntimeSimulationTest -Dweft.sim.seed=" + seed, e);
        }
    }

    @Test
    void everySeedEndsEveryExecutionWithNothingLostOrDoneTwice() {
        List<RuntimeSimulation.Outcome> outcomes = (ONLY != null ? LongStream.of(ONLY) : LongStream.rangeClosed(1, SEEDS))
                .parallel().mapToObj(RuntimeSimulationTest::runSeed).toList();
        Map<String, Integer> endings = new TreeMap<>();
        long executions = 0;
        long crashes = 0;
        long agentCrashes = 0;
        long outages = 0;
        long redeliveries = 0;
        long deadLetters = 0;
        long duplicates = 0;
        long steps = 0;
        long chained = 0;
        long pauses = 0;
        RuntimeSimulation.ControlFlow flow = new RuntimeSimulation.ControlFlow(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (RuntimeSimulation.Outcome o : outcomes) {
            flow = flow.plus(o.controlFlow());
            o.endings().forEach((k, v) -> endings.merge(k, v, Integer::sum));
            executions += o.executions();
            crashes += o.crashes();
            agentCrashes += o.agentCrashes();
            outages += o.brokerOutages() + o.databaseOutages();
            redeliveries += o.redeliveries();
            deadLetters += o.deadLetters();
            duplicates += o.duplicatesIgnored();
            steps += o.steps();
            chained += o.chained();
            pauses += o.pauses();
        }
        System.out.printf("runtime simulation: %d seeds, %d executions (%d of them chained) %s, %d replica crashes, "
                        + "%d agent crashes, "
                        + "%d broker/database outages, %d redeliveries, %d duplicate results ignored, "
                        + "%d dead letters, %d pauses resumed, %d simulated steps; stuck 0, lost 0%n", outcomes.size(),
                executions + chained, chained, endings, crashes, agentCrashes, outages, redeliveries, duplicates,
                deadLetters, pauses, steps);
        System.out.printf("runtime simulation control flow: %d built-in steps decided, %d branch skips "
                + "(%d by a join's cancel_others), %d foreach items, %d loop rounds, %d child executions "
                + "(%d cancelled by their parent), %d fallbacks, %d state machine visits, %d dynamic tasks%n",
                flow.evaluated(), flow.branchSkips(), flow.cancelledByJoin(), flow.foreachItems(), flow.loopRounds(),
                flow.children(), flow.childrenCancelled(), flow.fallbacks(), flow.stateVisits(), flow.dynamicTasks());
        assertThat(outcomes).hasSize(ONLY != null ? 1 : (int) SEEDS);
        if (ONLY == null) {
            // A simulation that never crashed anything or always ended the same way would prove little.
            assertThat(crashes).isPositive();
            assertThat(agentCrashes).isPositive();
            assertThat(redeliveries).isPositive();
            assertThat(chained).as("chained starts").isPositive();
            assertThat(pauses).as("executions paused and resumed").isPositive();
            assertThat(endings).containsKeys("COMPLETED", "FAILED", "CANCELLED");
            // Branches, built-in steps and cancelling joins ran under the same faults.
            assertThat(flow.evaluated()).isPositive();
            assertThat(flow.branchSkips()).isPositive();
            assertThat(flow.cancelledByJoin()).isPositive();
            assertThat(flow.foreachItems()).as("foreach items").isPositive();
            assertThat(flow.loopRounds()).as("loop rounds").isPositive();
            assertThat(flow.stateVisits()).as("state machine visits").isPositive();
            assertThat(flow.dynamicTasks()).as("dynamic tasks").isPositive();
        }
    }

    @Test
    void aSeedReplaysExactly() {
        RuntimeSimulation.Outcome first = runSeed(7);
        RuntimeSimulation.Outcome again = runSeed(7);

        assertThat(again).isEqualTo(first);
        assertThat(first.steps()).isPositive();
    }
}
