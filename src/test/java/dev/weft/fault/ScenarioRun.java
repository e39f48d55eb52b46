package dev.weft.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One round of one scenario: its rig, its workload and workflow, and the way it ends — a bounded
 * wait for the run to go quiet, then the invariants, printed as a figures block (and kept in
 * {@code target/fault/<scenario>/verdict.txt}).
 */
final class ScenarioRun implements AutoCloseable {
    final FaultRig rig;
    final Workload workload;
    final FanWorkflow workflow;
    /** The workload starts parents that run the fan workflow as a child (ADR 0009). */
    private final boolean children;
    private final long startNanos = System.nanoTime();
    private final List<String> observed = new ArrayList<>();

    private final String label;

    /** @param round 0 for the first run of the scenario; soak rounds reuse its database and directory */
    ScenarioRun(String scenario, int round, FanWorkflow workflow) throws Exception {
        this(scenario, round, workflow, false);
    }

    ScenarioRun(String scenario, int round, FanWorkflow workflow, boolean children) throws Exception {
        this.rig = FaultRig.create(scenario);
        this.workflow = workflow;
        this.children = children;
        this.workload = new Workload(children ? FanWorkflow.PARENT : FanWorkflow.NAME);
        this.label = round == 0 ? scenario : scenario + " (round " + (round + 1) + ")";
    }

    /** Registers the workflow through the engines the workload talks to. */
    void register() {
        workload.register(workflow.yaml(), Duration.ofSeconds(30));
        if (children) {
            workload.register(workflow.parentYaml(), Duration.ofSeconds(30));
        }
    }

    /** TaskCompleted events stored so far: how far the run got. */
    long completions() throws Exception {
        try (Connection c = rig.jdbc(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from execution_events where type = 'TaskCompleted'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits (bounded) until at least {@code n} tasks completed, so the next fault hits a run in
     * full flight. False when the bound passed first: the fault then goes ahead anyway, and the
     * invariants say what the stall cost.
     */
    boolean awaitCompletions(long n, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (completions() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /** A violation the scenario saw while it ran (e.g. no progress after a fault); it joins the verdict. */
    void violation(String what) {
        observed.add(what);
    }

    /**
     * Waits until every execution is terminal, the outbox is empty and no task or result is
     * unaccounted for — or the bound passes — then checks every invariant once more and prints.
     */
    Verdict settle(Duration bound, String faults, Invariants.Expect expect) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        Verdict verdict;
        while (true) {
            verdict = verdict(faults, expect);
            Verdict.Figures f = verdict.figures();
            boolean quiet = f.stuck() == 0 && f.outboxRows() == 0 && f.lost() == 0;
            if (quiet || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        String report = verdict.report();
        System.out.print(report);
        Files.writeString(rig.dir.resolve("verdict.txt"), report, StandardCharsets.UTF_8);
        return verdict;
    }

    private Verdict verdict(String faults, Invariants.Expect expect) throws Exception {
        StoredRun stored;
        try (Connection c = rig.jdbc()) {
            stored = StoredRun.read(c);
        }
        DeliveryLogs logs = DeliveryLogs.read(rig.deliveryLogs());
        Invariants.Checked checked = Invariants.check(stored, logs, workload, FanWorkflow::stepIdsOf, expect);
        List<String> violations = new ArrayList<>(observed);
        violations.addAll(checked.violations());
        return new Verdict(label, faults, checked.figures(), Timings.of(stored, logs), violations,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    DeliveryLogs deliveries() throws Exception {
        return DeliveryLogs.read(rig.deliveryLogs());
    }

    @Override
    public void close() throws Exception {
        workload.close();
        rig.close();
    }
}
