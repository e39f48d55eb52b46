package dev.weft.simulation;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command;
import dev.weft.engine.ExecutionEvent;
import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One seed of the runtime simulation: a few engine replicas, agents and clients around the
 * simulated database and broker. For 40 s of simulated time the world is hostile (replicas
 * crash and restart, the broker and the database go down, replies and acknowledgements get lost,
 * agents misbehave, operators pause and later resume executions); then it calms down, and every execution must reach its end within the calm
 * period — no task may wait for a deadline only a lost message would make it wait for. Then
 * {@link SimInvariants} hold the database against the agents' own logs.
 */
final class RuntimeSimulation {
    static final long CHAOS_MILLIS = 40_000;
    /** Long enough for retries and short deadlines; far shorter than the hour-long ones. */
    static final long CALM_MILLIS = 15 * 60_000;
    private static final ExpressionEvaluator EXPRESSIONS = new CelExpressionEvaluator();
    static final String TENANT = "t";

    /** What a seed did, for the figures and to prove a seed replays exactly. */
    /** @param pauses executions an operator paused (and resumed), counted from the histories */
    record Outcome(long seed, int executions, int replicas, int crashes, int agentCrashes, int brokerOutages,
                   int databaseOutages, long redeliveries, int deadLetters, int duplicatesIgnored, long steps,
                   long trace, Map<String, Integer> endings, int chained, int pauses,
                   ControlFlow controlFlow) {
    }

    /** What the seeds' control flow did: built-in steps decided, branch skips, joins that cancelled others, foreach items, loop rounds. */
    /**
     * @param children          child executions (sub-workflows) that ran
     * @param childrenCancelled those their parent cancelled
     * @param fallbacks         steps that failed for good and ran their fallback
     * @param stateVisits       states a state machine entered (its visits)
     * @param dynamicTasks      tasks dynamic steps planned
     */
    record ControlFlow(int evaluated, int branchSkips, int cancelledByJoin, int foreachItems, int loopRounds,
                       int children, int childrenCancelled, int fallbacks, int stateVisits, int dynamicTasks) {
        ControlFlow plus(ControlFlow o) {
            return new ControlFlow(evaluated + o.evaluated, branchSkips + o.branchSkips,
                    cancelledByJoin + o.cancelledByJoin, foreachItems + o.foreachItems, loopRounds + o.loopRounds,
                    children + o.children, childrenCancelled + o.childrenCancelled, fallbacks + o.fallbacks,
                    stateVisits + o.stateVisits, dynamicTasks + o.dynamicTasks);
        }
    }

    final long seed;
    final SimWorld world;
    final SimFaults faults;
    final SimDatabase db;
    final SimBroker broker;
    final SimAgents agents;
    final Map<String, Integer> acceptedResults = new LinkedHashMap<>();
    final int[] anonymousAccepted = new int[1];
    final List<SimReplica> replicas = new ArrayList<>();
    /** Execution id → its definition, for every execution a client asked for. */
    final Map<String, WorkflowDefinition> started = new LinkedHashMap<>();
    /** Dead letters an operator replays. */
    final java.util.Set<Long> replaying = new java.util.LinkedHashSet<>();
    private int lives;
    private int crashes;
    private int brokerOutages;
    private int databaseOutages;

    RuntimeSimulation(long seed) {
        this.seed = seed;
        world = new SimWorld(seed);
        faults = new SimFaults(world);
        db = new SimDatabase(world, faults);
        broker = new SimBroker(world, faults);
        agents = new SimAgents(world, broker, faults, TENANT);
    }

    Outcome run() {
        List<WorkflowDefinition> definitions = new ArrayList<>();
        db.register(SimWorkflows.followUp());
        for (int i = 0; i < 1 + world.random.nextInt(3); i++) {
            WorkflowDefinition d = SimWorkflows.generate(world.random, "wf" + i);
            db.register(d);
            definitions.add(d);
        }
        int replicaCount = 1 + world.random.nextInt(3);
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(newLife());
        }
        agents.start(1 + world.random.nextInt(3));
        int executions = 1 + world.random.nextInt(6);
        for (int i = 0; i < executions; i++) {
            String id = "e" + i;
            WorkflowDefinition def = definitions.get(world.random.nextInt(definitions.size()));
            started.put(id, def);
            world.after(world.world, world.random.nextInt(15_000), () -> start(id, def));
            if (world.chance(10)) {
                world.after(world.world, world.random.nextInt(30_000), () -> cancel(id));
            }
            if (world.chance(15)) {
                long pauseAt = world.random.nextInt(30_000);
                long resumeAt = world.millis() + pauseAt + 500 + world.random.nextInt(20_000);
                world.after(world.world, pauseAt, () -> pauseThenResume(id, resumeAt));
            }
        }
        planFaults(replicaCount);
        world.runUntil(SimWorld.T0.toEpochMilli() + CHAOS_MILLIS);
        calmDown();
        settle();
        // An operator replays the dead letters of some failed executions: each runs again and ends again.
        int replays = 0;
        for (SimDatabase.StoredDeadLetter letter : List.copyOf(db.deadLetters)) {
            var d = letter.letter();
            SimDatabase.ExecutionRow row = d.executionId() == null ? null : db.executions.get(d.executionId());
            if (d.source().equals("task") && row != null && row.status().equals("FAILED")
                    && !db.resolved.containsKey(letter.id()) && world.chance(50)) {
                replaying.add(letter.id());
                replay(d.executionId(), d.stepId(), letter.id());
                replays++;
            }
        }
        if (replays > 0) {
            settle();
        }
        try {
            return new SimInvariants(this).check(replicaCount, crashes, brokerOutages, databaseOutages);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + describe(), e);
        }
    }

    /** Runs the calm world until nothing is left to happen, or the calm period is over. */
    private void settle() {
        long end = world.millis() + CALM_MILLIS;
        while (world.millis() < end && !quiescent()) {
            world.runUntil(world.millis() + 1_000);
        }
    }

    /** Tries until the replay took (a replica may refuse it when its cached state is behind: it retries). */
    private void replay(String executionId, String stepId, long deadLetterId) {
        if (db.resolved.containsKey(deadLetterId)) {
            return;
        }
        SimReplica r = anyLive();
        if (r != null) {
            r.replica.runtime.submit(executionId, new Command.RetryStep(stepId, deadLetterId, "sim replay"))
                    .subscribe().with(ok -> { }, failure -> { });
        }
        world.after(world.world, 2_000, () -> replay(executionId, stepId, deadLetterId));
    }

    private SimReplica newLife() {
        return new SimReplica("replica-" + (++lives), world, db, broker, EXPRESSIONS, acceptedResults,
                anonymousAccepted);
    }

    /** A client starts an execution and, after a failure, tries again until the execution exists. */
    private void start(String id, WorkflowDefinition def) {
        if (db.executions.containsKey(id)) {
            return;
        }
        SimReplica r = anyLive();
        if (r == null) {
            world.after(world.world, 1000, () -> start(id, def));
            return;
        }
        r.replica.runtime.start(def, new Command.StartExecution(id, TENANT, Map.of("n", 1L), "req-" + id))
                .subscribe().with(ok -> { }, failure -> { });
        // Whatever became of that call (an error, or no answer from a replica that died): look again.
        world.after(world.world, 2_000 + world.random.nextInt(3_000), () -> start(id, def));
    }

    private void cancel(String id) {
        SimReplica r = anyLive();
        if (r != null && db.executions.containsKey(id)) {
            r.replica.runtime.submit(id, new Command.CancelExecution("sim")).subscribe().with(x -> { }, x -> { });
        }
    }

    /**
     * An operator pauses the execution and resumes it at {@code resumeAt}, asking again (any
     * replica) until each took, and keeps watching until the execution ended: a pause that took
     * late, after a lost reply, is resumed too. Paused time may reach into the calm period.
     */
    private void pauseThenResume(String id, long resumeAt) {
        SimDatabase.ExecutionRow row = db.executions.get(id);
        if (row != null && !isAlive(row.status())) {
            return;
        }
        SimReplica r = anyLive();
        if (row != null && r != null) {
            if (world.millis() < resumeAt && row.status().equals("RUNNING") && !wasPaused(id)) {
                r.replica.runtime.submit(id, new Command.PauseExecution("sim", "operator")).subscribe()
                        .with(x -> { }, x -> { });
            } else if (world.millis() >= resumeAt && row.status().equals("PAUSED")) {
                r.replica.runtime.submit(id, new Command.ResumeExecution("sim", "operator")).subscribe()
                        .with(x -> { }, x -> { });
            }
        }
        world.after(world.world, 1_000 + world.random.nextInt(1_000), () -> pauseThenResume(id, resumeAt));
    }

    private boolean wasPaused(String id) {
        return db.events.getOrDefault(id, List.of()).stream()
                .anyMatch(e -> e.type().equals(ExecutionEvent.ExecutionPaused.class.getSimpleName()));
    }

    /** Not ended: running, or paused (alive too, waiting for its resume). */
    static boolean isAlive(String status) {
        return status.equals("RUNNING") || status.equals("PAUSED");
    }

    private SimReplica anyLive() {
        List<SimReplica> live = replicas.stream().filter(r -> r.process.alive()).toList();
        return live.isEmpty() ? null : live.get(world.random.nextInt(live.size()));
    }

    private void planFaults(int replicaCount) {
        for (int i = 0; i < replicaCount; i++) {
            int index = i;
            for (int k = world.random.nextInt(4); k > 0; k--) {
                world.after(world.world, world.random.nextInt((int) CHAOS_MILLIS), () -> crash(index));
            }
        }
        for (int k = world.random.nextInt(3); k > 0; k--) {
            long at = world.random.nextInt((int) CHAOS_MILLIS);
            long length = 500 + world.random.nextInt(10_000);
            world.after(world.world, at, () -> {
                brokerOutages++;
                broker.goDown();
                world.after(world.world, length, broker::comeUp);
            });
        }
        for (int k = world.random.nextInt(3); k > 0; k--) {
            long at = world.random.nextInt((int) CHAOS_MILLIS);
            long length = 200 + world.random.nextInt(5_000);
            world.after(world.world, at, () -> {
                databaseOutages++;
                faults.databaseDown(true);
                world.after(world.world, length, () -> faults.databaseDown(false));
            });
        }
    }

    /** The replica at {@code index} dies at once (SIGKILL) and a new life takes its place a little later. */
    private void crash(int index) {
        SimReplica r = replicas.get(index);
        if (!r.process.alive() || faults.calm()) {
            return;
        }
        crashes++;
        r.crash();
        world.after(world.world, 100 + world.random.nextInt(5_000), () -> {
            if (!replicas.get(index).process.alive()) {
                replicas.set(index, newLife());
            }
        });
    }

    private void calmDown() {
        faults.calmDown();
        broker.comeUp();
        for (int i = 0; i < replicas.size(); i++) {
            if (!replicas.get(i).process.alive()) {
                replicas.set(i, newLife());
            }
        }
    }

    /** What the world looks like now, for a failing seed's message. */
    String describe() {
        StringBuilder b = new StringBuilder("\n--- world at +").append(world.millis() - SimWorld.T0.toEpochMilli())
                .append(" ms (calm ").append(faults.calm()).append(") ---\n");
        started.forEach((id, def) -> {
            b.append(id).append(' ').append(db.executions.get(id)).append('\n');
            SimDatabase.ExecutionRow row = db.executions.get(id);
            if (row != null && isAlive(row.status())) {
                db.events.get(id).forEach(e -> b.append("   #").append(e.sequence()).append(" +")
                        .append(e.recordedAt().toEpochMilli() - SimWorld.T0.toEpochMilli()).append(' ')
                        .append(e.payload()).append('\n'));
            }
        });
        db.executions.forEach((id, row) -> {
            if (!started.containsKey(id) && isAlive(row.status())) {
                b.append(id).append(' ').append(row).append(" (chained)\n");
                db.deadLetters.stream().filter(l -> id.equals(l.letter().executionId())).forEach(l -> b
                        .append("   dead letter ").append(l.id()).append(' ').append(l.letter().taskId()).append(": ")
                        .append(l.letter().reason()).append('\n'));
                db.events.get(id).forEach(e -> {
                    b.append("   #").append(e.sequence()).append(' ').append(e.payload());
                    if (e.event() instanceof ExecutionEvent.TaskDispatched t) {
                        b.append(" [received by agents ").append(agents.received.getOrDefault(t.taskId(), 0))
                                .append(" times, results accepted by the broker ")
                                .append(agents.resultsAccepted.getOrDefault(t.taskId(), 0)).append(", by the engine ")
                                .append(acceptedResults.getOrDefault(t.taskId(), 0)).append(']');
                    }
                    b.append('\n');
                });
            }
        });
        db.outbox.values().forEach(r -> b.append("outbox ").append(r.message().id()).append(' ')
                .append(r.message().taskId()).append(" claimed until +")
                .append(r.claimedUntil() == Long.MIN_VALUE ? "-inf" : String.valueOf(r.claimedUntil()
                        - SimWorld.T0.toEpochMilli())).append('\n'));
        b.append("broker pending ").append(broker.pending()).append(", timers ").append(db.timers.keySet())
                .append('\n');
        replicas.forEach(r -> b.append(r.process).append(" relay in flight ").append(r.replica.relay.inFlight())
                .append('\n'));
        b.append(broker.describe());
        return b.toString();
    }

    boolean quiescent() {
        for (String id : started.keySet()) {
            SimDatabase.ExecutionRow row = db.executions.get(id);
            if (row == null || isAlive(row.status())) {
                return false;
            }
        }
        // Executions the engine started itself (chained follow-ups) must end too.
        if (db.executions.values().stream().anyMatch(row -> isAlive(row.status()))) {
            return false;
        }
        for (var letter : db.deadLetters) {
            // A replay asked for has not taken yet.
            if (replaying.contains(letter.id()) && !db.resolved.containsKey(letter.id())) {
                return false;
            }
        }
        return db.outbox.isEmpty() && broker.pending() == 0;
    }
}
