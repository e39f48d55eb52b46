package dev.weft.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.testing.AttemptEnds;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.store.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "Nothing lost, nothing stuck, nothing silent", checked from the database and the agents' own
 * delivery logs:
 * <ul>
 *   <li>every execution is terminal (stuck = 0);</li>
 *   <li>none completed twice: at most one terminal event per execution, at most one TaskCompleted per step;</li>
 *   <li>no request id started two executions;</li>
 *   <li>every task with a TaskDispatched event reached some agent (delivered at least once);</li>
 *   <li>every result an agent logged as accepted by the broker is in the history (TaskCompleted,
 *       TaskFailed, ResultIgnored for its task id) or in dead_letters, as often as it was sent (no result lost);</li>
 *   <li>replaying the history with the engine's own applier gives the stored execution row (status,
 *       version, output) and step rows (status, attempt), with gap-free sequences;</li>
 *   <li>the outbox is empty and ended executions keep no timers;</li>
 *   <li>optionally: every execution completed with the output its input implies; and a garbage
 *       answer is never silent (the execution's history records it, not only a timeout later).</li>
 * </ul>
 */
final class Invariants {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("ExecutionCompleted", "ExecutionFailed", "ExecutionCancelled",
            "ExecutionTimedOut");

    /** Which optional invariants a scenario holds the engine to. */
    /** @param noTimeouts no execution may end TIMED_OUT: a failure must end it before its deadline does */
    record Expect(boolean allCompleted, boolean garbageInHistory, boolean noTimeouts) {
        Expect(boolean allCompleted, boolean garbageInHistory) {
            this(allCompleted, garbageInHistory, false);
        }
    }

    private final java.util.function.Function<String, List<String>> stepIds;
    private final Expect expect;
    private final List<String> violations = new ArrayList<>();

    private Invariants(java.util.function.Function<String, List<String>> stepIds, Expect expect) {
        this.stepIds = stepIds;
        this.expect = expect;
    }

    /** The figures of a run and every invariant it broke (empty when all hold). */
    record Checked(Verdict.Figures figures, List<String> violations) {
    }

    /** @param stepIds the top-level step ids of a workflow, by its name (to replay its executions) */
    static Checked check(StoredRun run, DeliveryLogs logs, Workload workload,
                         java.util.function.Function<String, List<String>> stepIds, Expect expect) {
        Invariants inv = new Invariants(stepIds, expect);
        Verdict.Figures figures = inv.figures(run, logs, workload);
        return new Checked(figures, List.copyOf(inv.violations));
    }

    private Verdict.Figures figures(StoredRun run, DeliveryLogs logs, Workload workload) {
        Set<String> dispatched = new HashSet<>();
        Map<String, Integer> recorded = new HashMap<>();
        long duplicates = 0;
        long otherIgnored = 0;
        long timeouts = 0;
        long retries = 0;
        List<String> stuck = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        List<String> replay = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Map<String, Long> byStatus = new HashMap<>();
        for (StoredRun.Execution e : run.executions().values()) {
            byStatus.merge(e.status(), 1L, Long::sum);
            if (e.status().equals("RUNNING")) {
                stuck.add(e.id());
            }
            List<StoredRun.Event> events = run.events().getOrDefault(e.id(), List.of());
            long terminal = events.stream().filter(ev -> TERMINAL.contains(ev.type())).count();
            Map<String, Long> completions = events.stream().filter(ev -> ev.type().equals("TaskCompleted"))
                    .collect(Collectors.groupingBy(ev -> ev.event().stepId(), Collectors.counting()));
            if (terminal > 1 || completions.values().stream().anyMatch(n -> n > 1)) {
                twice.add(e.id() + " (terminal events " + terminal + ", completions per step " + completions + ")");
            }
            String mismatch = replayMismatch(e, events, run.stepRuns().getOrDefault(e.id(), Map.of()));
            if (e.parentExecutionId() != null) {
                String orphan = childMismatch(e, run);
                if (orphan != null) {
                    twice.add(orphan);
                }
            }
            if (mismatch != null) {
                replay.add(e.id() + ": " + mismatch);
            }
            if (expect.allCompleted() && !completedAsItsInputImplies(e)) {
                wrong.add(e.id() + " " + e.status() + " input " + e.input() + " output " + e.output());
            }
            if (expect.noTimeouts() && e.status().equals("TIMED_OUT")) {
                wrong.add(e.id() + " TIMED_OUT: something waited in silence for its deadline");
            }
            List<ExecutionEvent> history = events.stream().map(StoredRun.Event::event).toList();
            for (int at = 0; at < history.size(); at++) {
                ExecutionEvent event = history.get(at);
                // Only the events that carry a task id or count a fault matter here. A task whose
                // attempt was over before it got out need not have (ADR 0016).
                if (event instanceof ExecutionEvent.TaskDispatched d && !AttemptEnds.overWithoutOwnResult(
                        history.subList(at + 1, history.size()), d.taskId())) {
                    dispatched.add(d.taskId());
                } else if (event instanceof ExecutionEvent.TaskCompleted c) {
                    recorded.merge(c.taskId(), 1, Integer::sum);
                } else if (event instanceof ExecutionEvent.TaskFailed f) {
                    recorded.merge(f.taskId(), 1, Integer::sum);
                } else if (event instanceof ExecutionEvent.ResultIgnored i) {
                    recorded.merge(i.taskId(), 1, Integer::sum);
                    if (i.reason().equals("duplicate result")) {
                        duplicates++;
                    } else {
                        otherIgnored++;
                    }
                } else if (event instanceof ExecutionEvent.TaskTimedOut) {
                    timeouts++;
                } else if (event instanceof ExecutionEvent.RetryScheduled) {
                    retries++;
                }
            }
        }
        Map<String, Integer> inHistory = Map.copyOf(recorded);
        run.deadLetters().stream().filter(d -> d.taskId() != null).forEach(d -> recorded.merge(d.taskId(), 1, Integer::sum));

        List<String> undelivered = dispatched.stream().filter(id -> !logs.received().containsKey(id)).sorted().toList();
        List<String> unrecorded = new ArrayList<>();
        logs.sent().forEach((taskId, sends) -> {
            int missing = sends.size() - recorded.getOrDefault(taskId, 0);
            if (missing > 0) {
                unrecorded.add(taskId + " (sent " + sends.size() + ", recorded " + recorded.getOrDefault(taskId, 0) + ")");
            }
        });
        List<String> silent = logs.garbage().stream().map(DeliveryLogs.Sent::taskId)
                .filter(id -> !inHistory.containsKey(id)).distinct().sorted().toList();

        violate(stuck, "executions not terminal (stuck)");
        violate(twice, "executions or steps completed twice");
        violate(replay, "history replay differs from the stored state");
        violate(wrong, "executions that did not complete with the output their input implies");
        violate(undelivered, "dispatched tasks that no agent received (lost tasks)");
        violate(unrecorded, "results accepted by the broker but in neither the history nor dead_letters (lost results)");
        if (expect.garbageInHistory()) {
            violate(silent, "garbage answers the execution's history never recorded (silent until a timeout)");
        }
        if (run.outboxRows() > 0) {
            violations.add("outbox not empty at the end: " + run.outboxRows() + " rows");
        }
        if (run.timersOfEndedExecutions() > 0) {
            violations.add("ended executions still have " + run.timersOfEndedExecutions() + " timers");
        }
        if (workload.duplicateStarts() > 0) {
            violations.add(workload.duplicateStarts() + " request ids were answered with two execution ids");
        }
        long started = run.executions().values().stream().filter(e -> e.parentExecutionId() == null).count();
        if (started != workload.requestIds().size()) {
            violations.add(started + " executions (children aside) stored for " + workload.requestIds().size()
                    + " distinct request ids");
        }
        return new Verdict.Figures(run.executions().size(), byStatus.getOrDefault("COMPLETED", 0L),
                byStatus.getOrDefault("FAILED", 0L), byStatus.getOrDefault("TIMED_OUT", 0L),
                byStatus.getOrDefault("CANCELLED", 0L), stuck.size(), duplicates, otherIgnored,
                run.deadLetters().size(), timeouts, retries, undelivered.size(), unrecorded.size(), silent.size(),
                run.outboxRows(), run.timersOfEndedExecutions(), workload.duplicateStarts(), logs.sentCount());
    }

    private void violate(List<String> offenders, String what) {
        if (!offenders.isEmpty()) {
            violations.add(offenders.size() + " " + what + ", e.g. " + offenders.subList(0, Math.min(3, offenders.size())));
        }
    }

    /** Null when the replayed history equals the stored rows, else what differs. */
    private String replayMismatch(StoredRun.Execution row, List<StoredRun.Event> events,
                                  Map<String, StoredRun.StepRow> steps) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != i + 1) {
                return "event sequence has a gap or starts late at index " + i + " (seq " + events.get(i).seq() + ")";
            }
        }
        if (events.isEmpty() || !(events.get(0).event() instanceof ExecutionEvent.ExecutionStarted)) {
            return "history does not begin with ExecutionStarted";
        }
        ExecutionState state;
        try {
            state = EventApplier.replay(events.stream().map(StoredRun.Event::event).toList(),
                    stepIds.apply(row.workflow()));
        } catch (IllegalStateException outsideTheTable) {
            return "the history does not replay: " + outsideTheTable.getMessage();
        }
        if (!state.status().name().equals(row.status())) {
            return "status " + row.status() + " stored, " + state.status() + " replayed";
        }
        if (state.sequence() != row.version()) {
            return "version " + row.version() + " stored, " + state.sequence() + " events";
        }
        if (!tree(row.output()).equals(tree(state.output() == null ? null : Json.write(state.output())))) {
            return "output " + row.output() + " stored, " + Json.write(state.output()) + " replayed";
        }
        for (StepState s : state.steps().values()) {
            StoredRun.StepRow stored = steps.get(s.stepId());
            if (stored == null && s.status() == dev.weft.engine.StepStatus.PENDING) {
                continue; // a step gets its row when it first moves
            }
            if (stored == null || !stored.status().equals(s.status().name()) || stored.attempt() != s.attempt()) {
                return "step " + s.stepId() + " stored " + stored + ", replayed " + s.status() + " attempt " + s.attempt();
            }
        }
        return null;
    }

    /** Null when exactly one ChildStarted of its parent started this child, for the attempt it names; else what is wrong. */
    private static String childMismatch(StoredRun.Execution child, StoredRun run) {
        long starts = run.events().getOrDefault(child.parentExecutionId(), List.of()).stream()
                .filter(ev -> ev.event() instanceof ExecutionEvent.ChildStarted c && c.childExecutionId().equals(child.id())
                        && c.taskId().equals(child.requestId()))
                .count();
        return starts == 1 ? null : "child " + child.id() + " started by " + starts + " ChildStarted events of its parent "
                + child.parentExecutionId();
    }

    /** The test workflow's contract: output n is the input n, output t is "RUN <n>". */
    private static boolean completedAsItsInputImplies(StoredRun.Execution e) {
        if (!e.status().equals("COMPLETED")) {
            return false;
        }
        JsonNode in = tree(e.input());
        JsonNode out = tree(e.output());
        long n = Math.round(in.path("n").asDouble(Double.NaN));
        return out.path("n").asDouble(Double.NaN) == n && out.path("t").asText().equals("RUN " + n);
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? JSON.nullNode() : JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is not JSON: " + json, e);
        }
    }
}
