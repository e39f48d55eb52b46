package dev.weft.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.demo.BehaviourHooks;
import dev.weft.fault.Workload.Request;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Nothing lost, nothing stuck, nothing silent" on the packaged jar: the engine, the broker and the
 * agents each a process of their own, on the real PostgreSQL, with hundreds of executions of a
 * fan-out/fan-in workflow in flight while faults hit them. Every scenario ends with the same
 * {@link Invariants} (read from the database and from the agents' own delivery logs) and prints
 * its figures. Sized for CI here; {@code -Dweft.soak=true} / {@code WEFT_SOAK_MINUTES} runs every
 * scenario in rounds with larger counts (see {@link Scale} and the README).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {
    private static final Scale SCALE = Scale.fromEnvironment();
    private static final Invariants.Expect ALL_COMPLETE = new Invariants.Expect(true, false);
    /** How long a healthy run may take to complete a share of its tasks after a fault. */
    private static final Duration PROGRESS_BOUND = Duration.ofSeconds(20);

    @BeforeAll
    static void makeClassArchivesForFastRestarts() throws Exception {
        try (FaultRig training = FaultRig.create("training")) {
            training.trainClassArchives();
        }
    }

    @Test
    @Order(1)
    void engineSigkilledTwentyTimesLosesNothingAndNoRequestIdStartsTwice() throws Exception {
        engineKills("engine_kills", SCALE.pick(20, 60), SCALE.pick(400, 3000), false);
    }

    /**
     * The same, with every execution a parent whose step runs the fan workflow as a child
     * (ADR 0009): starts, reports and cancels travel through the outbox across the kills; every
     * child is started once by its parent and every parent completes with its child's output.
     */
    @Test
    @Order(8)
    void engineSigkilledWhileChildrenRunLosesNothingAndStartsNoChildTwice() throws Exception {
        engineKills("engine_kills_children", SCALE.pick(10, 30), SCALE.pick(200, 1500), true);
    }

    private void engineKills(String scenario, int kills, int executions, boolean children) throws Exception {
        rounds(round -> {
            long seed = Long.getLong("weft.fault.seed", System.nanoTime());
            Random random = new Random(seed);
            // The workflow timeout is far beyond the run, so that an execution only ends TIMED_OUT
            // here if the engine truly stalled, however slow the machine is.
            try (ScenarioRun run = new ScenarioRun(scenario, round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofMinutes(10), 500), children)) {
                run.rig.startBroker();
                run.rig.startAgents("agents-1");
                int grpc = FaultRig.freePort();
                List<Request> unanswered = new ArrayList<>();
                List<Request> previousWave = List.of();
                int perWave = executions / kills;
                long strandedClaims = 0;
                for (int life = 0; life < kills; life++) {
                    WeftProcess engine = run.rig.startEngine(grpc);
                    run.workload.useEngines(List.of(grpc));
                    if (life == 0) {
                        run.register();
                    }
                    List<Request> wave = Request.range("r-", life * perWave, (life + 1) * perWave);
                    // New starts, the ones the last crash left unanswered, and the previous wave
                    // again: a resubmitted request id must name the execution it started before.
                    CompletableFuture<List<Request>> answers = run.workload.submitOnce(distinct(unanswered, wave,
                            previousWave));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(1000)));
                    engine.kill();
                    strandedClaims += timersClaimedByTheDead(run.rig);
                    unanswered = new ArrayList<>(answers.get(30, TimeUnit.SECONDS));
                    previousWave = wave;
                }
                run.rig.startEngine(grpc);
                run.workload.useEngines(List.of(grpc));
                run.workload.submitUntilAnswered(Request.range("r-", 0, perWave * kills), Duration.ofSeconds(60));
                Verdict v = run.settle(Duration.ofSeconds(90), kills + " engine SIGKILLs at random points (seed " + seed
                        + "), every request id resubmitted" + (children ? ", every execution a parent of a child" : "")
                        + "; timers the killed engines left claimed: " + strandedClaims, ALL_COMPLETE);
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(2)
    void brokerKilledAndRestartedMidBurstLosesNothing() throws Exception {
        int executions = SCALE.pick(300, 1500);
        int brokerKills = SCALE.pick(2, 5);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("broker_kills", round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofSeconds(40), 300))) {
                WeftProcess broker = run.rig.startBroker();
                run.rig.startAgents("agents-1");
                int grpc = FaultRig.freePort();
                run.rig.startEngine(grpc);
                run.workload.useEngines(List.of(grpc));
                run.register();
                List<Request> all = Request.range("r-", 0, executions);
                CompletableFuture<List<Request>> burst = run.workload.submitOnce(all);
                List<Long> killedAt = new ArrayList<>();
                long tasks = 4L * executions;
                long share = tasks / (brokerKills + 2);
                long last = 0;
                for (int k = 0; k <= brokerKills; k++) {
                    // Each kill waits for fresh progress; a restarted broker that leaves the run
                    // unable to progress is a stall, whatever timeouts later make of it.
                    if (!run.awaitCompletions(Math.min(tasks, last + share), PROGRESS_BOUND)) {
                        run.violation((k == 0 ? "before the first broker kill" : "after broker restart " + k)
                                + " only " + (run.completions() - last) + " tasks completed within " + PROGRESS_BOUND
                                + " (wanted " + share + "): the run stalled");
                    }
                    last = run.completions();
                    if (k < brokerKills) {
                        killedAt.add(last);
                        broker.kill();
                        broker = run.rig.startBroker(); // same port, same journal
                    }
                }
                run.workload.submitUntilAnswered(burst.get(60, TimeUnit.SECONDS), Duration.ofSeconds(30));
                Verdict v = run.settle(Duration.ofSeconds(30), brokerKills + " broker SIGKILLs, each restarted on "
                        + "its journal, after " + killedAt + " task completions", ALL_COMPLETE);
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(3)
    void postgresConnectionsTerminatedRepeatedlyLoseNothing() throws Exception {
        int executions = SCALE.pick(300, 1500);
        int terminations = SCALE.pick(15, 60);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("pg_terminate", round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofSeconds(60), 300))) {
                run.rig.startBroker();
                run.rig.startAgents("agents-1");
                int grpc = FaultRig.freePort();
                run.rig.startEngine(grpc);
                run.workload.useEngines(List.of(grpc));
                run.register();
                int perRound = executions / terminations;
                List<CompletableFuture<List<Request>>> batches = new ArrayList<>();
                long terminated = 0;
                try (Connection killer = run.rig.jdbc()) {
                    for (int t = 0; t < terminations; t++) {
                        batches.add(run.workload.submitOnce(Request.range("r-", t * perRound, (t + 1) * perRound)));
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                        terminated += terminateBackends(killer);
                    }
                }
                List<Request> unanswered = new ArrayList<>();
                for (var batch : batches) {
                    unanswered.addAll(batch.get(60, TimeUnit.SECONDS));
                }
                run.workload.submitUntilAnswered(unanswered, Duration.ofSeconds(30));
                Verdict v = run.settle(Duration.ofSeconds(60), terminations + " rounds of pg_terminate_backend on the "
                        + "engine's database, " + terminated + " engine connections terminated", ALL_COMPLETE);
                assertThat(terminated).as("connections terminated").isGreaterThanOrEqualTo(terminations);
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(4)
    void agentsKilledAfterReceivingBeforeAnsweringLoseNoTask() throws Exception {
        int executions = SCALE.pick(200, 1000);
        int crashes = SCALE.pick(3, 10);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("agent_crash", round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofSeconds(60), 300))) {
                run.rig.startBroker();
                int grpc = FaultRig.freePort();
                run.rig.startEngine(grpc);
                run.workload.useEngines(List.of(grpc));
                run.register();
                run.workload.submitUntilAnswered(Request.range("r-", 0, executions), Duration.ofSeconds(60));
                List<String> crashers = new ArrayList<>();
                for (int i = 1; i <= crashes; i++) {
                    String id = "crasher-" + i;
                    WeftProcess crasher = run.rig.startCrashingAgents(id, 20 + 15 * i, 10);
                    assertThat(crasher.awaitExit(Duration.ofSeconds(60))).as(id + " crashed").isTrue();
                    assertThat(crasher.exitValue()).as(id + " exit status").isEqualTo(BehaviourHooks.CRASH_EXIT_STATUS);
                    crashers.add(id);
                }
                run.rig.startAgents("healthy-1");
                Verdict v = run.settle(Duration.ofSeconds(60), crashes + " agent processes halted on receiving a task, "
                        + "before answering it; then a healthy agent", ALL_COMPLETE);
                DeliveryLogs logs = run.deliveries();
                for (String id : crashers) {
                    assertThat(logs.unanswered(run.rig.deliveryLog(id))).as(id + " died holding unanswered tasks")
                            .isNotEmpty();
                }
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(5)
    void agentThatAnswersEveryTaskTwiceCompletesNothingTwice() throws Exception {
        int executions = SCALE.pick(200, 1500);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("double_answers", round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofSeconds(60), 100))) {
                run.rig.startBroker();
                run.rig.startAgents("doubler", "--behaviour", "double");
                int grpc = FaultRig.freePort();
                run.rig.startEngine(grpc);
                run.workload.useEngines(List.of(grpc));
                run.register();
                run.workload.submitUntilAnswered(Request.range("r-", 0, executions), Duration.ofSeconds(60));
                Verdict v = run.settle(Duration.ofSeconds(60), "an agent answering every task twice", ALL_COMPLETE);
                assertThat(run.deliveries().sent().values()).as("the agent answered each task twice")
                        .allSatisfy(sends -> assertThat(sends.size()).isGreaterThanOrEqualTo(2));
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(6)
    void agentThatAnswersGarbageIsNeverSilent() throws Exception {
        int executions = SCALE.pick(150, 1000);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("garbage_answers", round, new FanWorkflow(Duration.ofSeconds(3), 5,
                    Duration.ofSeconds(40), 100))) {
                run.rig.startBroker();
                run.rig.startAgents("garbler", "--behaviour", "garbage", "--garbage-every", "3");
                int grpc = FaultRig.freePort();
                // The garbage is the fault under test, not the breakers (their own test is HeldTasksTest):
                // unusable results reach the engine a little after the good ones (their dead letter is
                // written first), so a burst of 20 garbage answers in a row is likely and would trip a
                // breaker of any failure ratio. A window far larger than the run's ~500 outcomes never judges.
                run.rig.startEngine(grpc, Map.of("WEFT_BREAKER_REQUEST_VOLUME_THRESHOLD", "10000"));
                run.workload.useEngines(List.of(grpc));
                run.register();
                run.workload.submitUntilAnswered(Request.range("r-", 0, executions), Duration.ofSeconds(60));
                // Executions may fail here (a step can draw garbage on every attempt): only silence is a
                // defect, and a run ending TIMED_OUT would be one: garbage fails its attempt at once.
                Verdict v = run.settle(Duration.ofSeconds(45), "garbage answers from an agent spoiling every 3rd "
                        + "result (unreadable body / unknown status, alternately)", new Invariants.Expect(false, true,
                        true));
                assertThat(run.deliveries().garbage()).as("garbage answers sent").isNotEmpty();
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    @Test
    @Order(7)
    void threeReplicasOneSigkilledMidRunLoseNothing() throws Exception {
        int executions = SCALE.pick(300, 1500);
        rounds(round -> {
            try (ScenarioRun run = new ScenarioRun("replicas", round, new FanWorkflow(Duration.ofSeconds(10), 5,
                    Duration.ofSeconds(90), 500))) {
                run.rig.startBroker();
                run.rig.startAgents("agents-1");
                List<Integer> ports = List.of(FaultRig.freePort(), FaultRig.freePort(), FaultRig.freePort());
                List<WeftProcess> replicas = new ArrayList<>();
                for (int port : ports) {
                    replicas.add(run.rig.startEngine(port)); // one at a time: the first migrates the schema
                }
                run.workload.useEngines(ports);
                run.register();
                List<Request> all = Request.range("r-", 0, executions);
                CompletableFuture<List<Request>> burst = run.workload.submitOnce(all);
                if (!run.awaitCompletions(4L * executions / 3, PROGRESS_BOUND)) {
                    run.violation("a third of the tasks did not complete within " + PROGRESS_BOUND + " on 3 replicas");
                }
                long killedAt = run.completions();
                replicas.get(1).kill();
                run.workload.useEngines(List.of(ports.get(0), ports.get(2)));
                run.workload.submitUntilAnswered(burst.get(60, TimeUnit.SECONDS), Duration.ofSeconds(30));
                run.workload.submitUntilAnswered(all, Duration.ofSeconds(30)); // every request id once more
                // The bound covers the dead replica's timer claims (30 s lease) plus a task timeout.
                Verdict v = run.settle(Duration.ofSeconds(50), "3 replicas on one database and broker, one SIGKILLed "
                        + "after " + killedAt + " task completions", ALL_COMPLETE);
                assertThat(v.violations()).as(v.report()).isEmpty();
            }
        });
    }

    /** A scenario body; each round builds its own rig from scratch. */
    interface Round {
        void run(int round) throws Exception;
    }

    private static void rounds(Round body) throws Exception {
        long start = System.nanoTime();
        for (int round = 0; SCALE.anotherRound(round, start); round++) {
            body.run(round);
        }
    }

    /** Timers still claimed (leased) right after the only engine died: they wait out the lease. */
    private static long timersClaimedByTheDead(FaultRig rig) throws Exception {
        try (Connection c = rig.jdbc(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     select (select count(*) from timers where claimed_until > now())
                          + (select count(*) from step_runs where deadline_claimed_until > now())
                          + (select count(*) from executions where deadline_claimed_until > now())""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Terminates every backend of the rig's database except the caller's own; returns how many. */
    private static long terminateBackends(Connection own) throws Exception {
        try (var st = own.createStatement(); ResultSet rs = st.executeQuery("""
                select count(*) filter (where pg_terminate_backend(pid))
                from (select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) s
                """)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SafeVarargs
    private static List<Request> distinct(List<Request>... lists) {
        LinkedHashSet<Request> all = new LinkedHashSet<>();
        for (List<Request> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }
}
