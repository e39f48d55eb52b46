package dev.weft.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.EventApplier;
import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.store.StoredEvent;
import dev.weft.testing.AttemptEnds;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold at the end of every seed, read from the simulated database and held against the
 * agents' own logs: nothing stuck, nothing lost, nothing done twice, the history the truth.
 */
final class SimInvariants {
    private final RuntimeSimulation sim;

    SimInvariants(RuntimeSimulation sim) {
        this.sim = sim;
    }

    /** A child names its parent, whose history started exactly this child for that attempt. */

    private static void checkChild(String childId, SimDatabase db) {
        var started = (ExecutionEvent.ExecutionStarted) db.events.get(childId).getFirst().event();
        assertThat(started.parent()).as("execution %s, not chained, is a child", childId).isNotNull();
        long starts = db.events.get(started.parent().executionId()).stream()
                .filter(s -> s.event() instanceof ExecutionEvent.ChildStarted c && c.childExecutionId().equals(childId)
                        && c.taskId().equals(started.parent().taskId()) && c.taskId().equals(started.requestId()))
                .count();
        assertThat(starts).as("child %s was started by its parent's ChildStarted, once", childId).isEqualTo(1);
    }

    RuntimeSimulation.Outcome check(int replicas, int crashes, int brokerOutages, int databaseOutages) {
        SimDatabase db = sim.db;
        Map<String, Integer> endings = new TreeMap<>();
        Map<String, Integer> recorded = new HashMap<>();
        int duplicates = 0;
        int pauses = 0;
        for (var e : sim.started.entrySet()) {
            String id = e.getKey();
            SimDatabase.ExecutionRow row = db.executions.get(id);
            assertThat(row).as("execution %s exists (its start was retried until it did)", id).isNotNull();
            assertThat(RuntimeSimulation.isAlive(row.status())).as("execution %s ended (%s): nothing stuck, every "
                    + "pause resumed", id, row.status()).isFalse();
            endings.merge(row.status(), 1, Integer::sum);
            List<StoredEvent> stored = db.events.get(id);
            duplicates += checkHistory(id, e.getValue(), row, stored, recorded);
            pauses += checkPauses(id, stored);
        }
        // The executions the engine started itself: chained ones, each once for its WorkflowChained,
        // and children, each once for the ChildStarted of its parent.
        int chained = 0;
        for (var e : db.executions.entrySet()) {
            if (sim.started.containsKey(e.getKey())) {
                continue;
            }
            SimDatabase.ExecutionRow row = e.getValue();
            assertThat(row.status()).as("execution %s the engine started ended: nothing stuck", e.getKey())
                    .matches(s -> !RuntimeSimulation.isAlive(s));
            if (row.requestId().startsWith("chain:")) {
                chained++;
            } else {
                checkChild(e.getKey(), db);
            }
            endings.merge(row.status(), 1, Integer::sum);
            duplicates += checkHistory(e.getKey(), db.definition(row.workflow()), row, db.events.get(e.getKey()),
                    recorded);
        }
        int chains = 0;
        for (List<StoredEvent> stored : db.events.values()) {
            for (StoredEvent s : stored) {
                if (s.event() instanceof ExecutionEvent.WorkflowChained c && c.refused() == null) {
                    chains++;
                    assertThat(db.byRequestId(RuntimeSimulation.TENANT, c.requestId()))
                            .as("the workflow chained as %s was started", c.requestId()).isPresent();
                }
            }
        }
        assertThat(chained).as("executions started by chains, one per chain recorded").isEqualTo(chains);
        // Every task the engine dispatched reached an agent at least once, unless its attempt was
        // over before the message got out (ADR 0016: the claim of an attempt that is over is
        // cleared, and nobody needs its task any more).
        for (List<StoredEvent> stored : db.events.values()) {
            for (int i = 0; i < stored.size(); i++) {
                if (stored.get(i).event() instanceof ExecutionEvent.TaskDispatched t && !AttemptEnds.overWithoutOwnResult(
                        stored.subList(i + 1, stored.size()).stream().map(StoredEvent::event).toList(), t.taskId())) {
                    assertThat(sim.agents.received).as("task %s was delivered to an agent; its execution's history: %s",
                            t.taskId(), stored.stream().map(e -> e.type() + "(" + e.stepId() + ")").toList())
                            .containsKey(t.taskId());
                }
            }
        }
        // No result lost: each one the engine accepted from the broker left a trace of its own.
        Map<String, Integer> lettersByTask = new HashMap<>();
        int anonymousLetters = 0;
        for (SimDatabase.StoredDeadLetter d : db.deadLetters) {
            if (d.letter().taskId() == null) {
                anonymousLetters++;
            } else {
                lettersByTask.merge(d.letter().taskId(), 1, Integer::sum);
            }
        }
        for (var a : sim.acceptedResults.entrySet()) {
            int traces = recorded.getOrDefault(a.getKey(), 0) + lettersByTask.getOrDefault(a.getKey(), 0);
            assertThat(traces).as("results of task %s accepted by the engine vs. their traces in history and "
                    + "dead letters", a.getKey()).isGreaterThanOrEqualTo(a.getValue());
        }
        assertThat(anonymousLetters).as("results naming no task are dead letters")
                .isGreaterThanOrEqualTo(sim.anonymousAccepted[0]);
        // Every result an agent sent and the broker accepted reached the engine and was settled.
        for (var sent : sim.agents.resultsAccepted.entrySet()) {
            assertThat(sim.acceptedResults.getOrDefault(sent.getKey(), 0))
                    .as("results of task %s sent by agents vs. accepted by the engine", sent.getKey())
                    .isGreaterThanOrEqualTo(sent.getValue());
        }
        assertThat(db.outbox).as("outbox empty at the end").isEmpty();
        assertThat(sim.broker.pending()).as("messages left in the broker").isZero();
        assertThat(db.timers.values()).as("no timer of an ended execution is left").isEmpty();
        return new RuntimeSimulation.Outcome(sim.seed, sim.started.size(), replicas, crashes, sim.agents.crashes,
                brokerOutages, databaseOutages, sim.broker.redeliveries, db.deadLetters.size(), duplicates,
                sim.world.steps(), sim.world.trace(), endings, chained, pauses, controlFlow(db));
    }

    /**
     * Nothing goes out while an execution is paused: no task is dispatched (nor held back by a
     * breaker, which only a dispatch would ask) between a pause and its resume.
     *
     * @return how often the execution was paused
     */
    private static int checkPauses(String id, List<StoredEvent> stored) {
        int pauses = 0;
        boolean paused = false;
        for (StoredEvent s : stored) {
            switch (s.event()) {
                case ExecutionEvent.ExecutionPaused x -> {
                    assertThat(paused).as("%s paused twice without a resume, at #%d", id, s.sequence()).isFalse();
                    paused = true;
                    pauses++;
                }
                case ExecutionEvent.ExecutionResumed x -> {
                    assertThat(paused).as("%s resumed while not paused, at #%d", id, s.sequence()).isTrue();
                    paused = false;
                }
                case ExecutionEvent.TimerDeferred x -> assertThat(paused)
                        .as("%s deferred a timer while not paused, at #%d", id, s.sequence()).isTrue();
                case ExecutionEvent.TaskDispatched x -> assertThat(paused)
                        .as("%s dispatched %s while paused, at #%d", id, x.taskId(), s.sequence()).isFalse();
                case ExecutionEvent.TaskHeld x -> assertThat(paused)
                        .as("%s asked the breaker for %s while paused, at #%d", id, x.stepId(), s.sequence()).isFalse();
                // An end closes the pause too; a reopened execution runs unpaused.
                case ExecutionEvent.ExecutionCompleted x -> paused = false;
                case ExecutionEvent.ExecutionFailed x -> paused = false;
                case ExecutionEvent.ExecutionCancelled x -> paused = false;
                case ExecutionEvent.ExecutionTimedOut x -> paused = false;
                default -> { } // every other event may come while paused: results, retries, steps made ready
            }
        }
        return pauses;
    }

    private static RuntimeSimulation.ControlFlow controlFlow(SimDatabase db) {
        int evaluated = 0;
        int branchSkips = 0;
        int cancelled = 0;
        int items = 0;
        int rounds = 0;
        int children = 0;
        int childrenCancelled = 0;
        int fallbacks = 0;
        int visits = 0;
        int planned = 0;
        for (List<StoredEvent> stored : db.events.values()) {
            for (StoredEvent s : stored) {
                if (s.event() instanceof ExecutionEvent.FallbackStarted) {
                    fallbacks++;
                } else if (s.event() instanceof ExecutionEvent.ExecutionStarted e && e.parent() != null) {
                    children++;
                } else if (s.event() instanceof ExecutionEvent.ExecutionCancelled e
                        && e.reason().startsWith("parent execution")) {
                    childrenCancelled++;
                } else if (s.event() instanceof ExecutionEvent.ItemsExpanded e) {
                    items += e.items().size();
                } else if (s.event() instanceof ExecutionEvent.RoundStarted) {
                    rounds++;
                } else if (s.event() instanceof ExecutionEvent.StateEntered) {
                    visits++;
                } else if (s.event() instanceof ExecutionEvent.TasksPlanned e) {
                    planned += e.tasks().size();
                } else if (s.event() instanceof ExecutionEvent.StepEvaluated) {
                    evaluated++;
                } else if (s.event() instanceof ExecutionEvent.StepSkipped k && k.branch()) {
                    branchSkips++;
                    if (k.reason().startsWith("cancel_others")) {
                        cancelled++;
                    }
                }
            }
        }
        return new RuntimeSimulation.ControlFlow(evaluated, branchSkips, cancelled, items, rounds, children,
                childrenCancelled, fallbacks, visits, planned);
    }

    /** @return the duplicate results the history recorded as ignored */
    private static int checkHistory(String id, WorkflowDefinition def, SimDatabase.ExecutionRow row,
                                    List<StoredEvent> stored, Map<String, Integer> recorded) {
        List<ExecutionEvent> events = stored.stream().map(StoredEvent::event).toList();
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).sequence()).as("sequence numbers of %s are dense", id).isEqualTo(i + 1L);
        }
        ExecutionState replayed = EventApplier.replay(events, dev.weft.engine.Blueprint.of(def));
        assertThat(replayed.status().name()).as("the row of %s says what its history says", id)
                .isEqualTo(row.status());
        assertThat(replayed.sequence()).as("version of %s", id).isEqualTo(row.version());
        assertThat(replayed.steps().values()).as("every step of %s ended", id).allMatch(s -> s.status().isEnded());
        int terminal = 0;
        int reopened = 0;
        int duplicates = 0;
        Set<String> completedSteps = new HashSet<>();
        for (ExecutionEvent e : events) {
            switch (e) {
                case ExecutionEvent.ExecutionCompleted x -> terminal++;
                case ExecutionEvent.ExecutionFailed x -> terminal++;
                case ExecutionEvent.ExecutionCancelled x -> terminal++;
                case ExecutionEvent.ExecutionTimedOut x -> terminal++;
                case ExecutionEvent.ExecutionReopened x -> reopened++;
                case ExecutionEvent.TaskCompleted t -> {
                    assertThat(completedSteps.add(t.stepId())).as("step %s of %s completed once", t.stepId(), id)
                            .isTrue();
                    recorded.merge(t.taskId(), 1, Integer::sum);
                }
                case ExecutionEvent.StepEvaluated t -> assertThat(completedSteps.add(t.stepId()))
                        .as("built-in step %s of %s decided once", t.stepId(), id).isTrue();
                case ExecutionEvent.TaskFailed t -> recorded.merge(t.taskId(), 1, Integer::sum);
                case ExecutionEvent.ResultIgnored t -> {
                    recorded.merge(t.taskId(), 1, Integer::sum);
                    if (t.reason().equals("duplicate result")) {
                        duplicates++;
                    }
                }
                default -> { }
            }
        }
        assertThat(terminal).as("%s ended exactly once per time it was reopened", id).isEqualTo(1 + reopened);
        return duplicates;
    }
}
