package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.weft.engine.StepStatus.*;

/**
 * The step state machine as an explicit table of (from, event, to) triples, Temporal-style.
 * Every event the tests apply is checked against it (a transition outside the table is a bug in
 * the engine or in the table), and the triples seen are collected so a test can prove that
 * every row was exercised. ResultIgnored is not a transition: it must change nothing.
 */
final class StepTransitions {

    record Transition(StepStatus from, Class<? extends ExecutionEvent> event, StepStatus to) {
        @Override
        public String toString() {
            return from + " --" + event.getSimpleName() + "--> " + to;
        }
    }

    private static final List<StepStatus> OPEN = List.of(PENDING, READY, RUNNING, RETRY_WAIT);

    /** Every transition a step may make. */
    static final Set<Transition> EXPECTED = expected();

    /** Everything seen in this JVM, by the scenario fixture and the simulation alike. */
    private static final Set<Transition> SEEN_EVERYWHERE = ConcurrentHashMap.newKeySet();

    private StepTransitions() {
    }

    private static Set<Transition> expected() {
        Set<Transition> t = new LinkedHashSet<>();
        t.add(new Transition(PENDING, StepReady.class, READY));          // dependencies ended
        t.add(new Transition(RETRY_WAIT, StepReady.class, READY));       // backoff ran out
        t.add(new Transition(READY, TaskDispatched.class, RUNNING));
        t.add(new Transition(RUNNING, TaskCompleted.class, COMPLETED));
        t.add(new Transition(RETRY_WAIT, TaskCompleted.class, COMPLETED)); // late success during backoff
        // A late success while the retry waits for a free slot.
        t.add(new Transition(READY, TaskCompleted.class, COMPLETED));
        t.add(new Transition(RUNNING, TaskFailed.class, RUNNING));         // the decision follows at once
        t.add(new Transition(RUNNING, TaskTimedOut.class, RUNNING));
        t.add(new Transition(RUNNING, RetryScheduled.class, RETRY_WAIT));
        t.add(new Transition(RUNNING, StepFailed.class, FAILED));          // retries spent, on_error fail/continue
        t.add(new Transition(READY, StepFailed.class, FAILED));            // input expression error
        t.add(new Transition(RUNNING, StepSkipped.class, SKIPPED));        // retries spent, on_error skip
        t.add(new Transition(READY, StepSkipped.class, SKIPPED));          // input expression error, on_error skip
        t.add(new Transition(PENDING, StepSkipped.class, SKIPPED));        // behind a failed dependency
        for (var end : List.of(ExecutionFailed.class, ExecutionCancelled.class, ExecutionTimedOut.class)) {
            for (StepStatus open : OPEN) {
                t.add(new Transition(open, end, CANCELLED));
            }
        }
        return Set.copyOf(t);
    }

    /**
     * The transitions {@code event} makes from {@code before} to {@code after}, each checked
     * against the table and recorded globally.
     */
    static List<Transition> observe(ExecutionState before, ExecutionEvent event, ExecutionState after) {
        if (!before.isStarted() || event instanceof ResultIgnored) {
            return List.of();
        }
        List<Transition> seen = new java.util.ArrayList<>();
        for (Map.Entry<String, StepState> e : after.steps().entrySet()) {
            StepStatus from = before.step(e.getKey()).status();
            StepStatus to = e.getValue().status();
            boolean concerned = e.getKey().equals(event.stepId());
            if (concerned || from != to) {
                Transition t = new Transition(from, event.getClass(), to);
                if (!EXPECTED.contains(t)) {
                    throw new AssertionError("Step '" + e.getKey() + "' made a transition outside the table: " + t);
                }
                seen.add(t);
            }
        }
        SEEN_EVERYWHERE.addAll(seen);
        return seen;
    }

    static Set<Transition> seenEverywhere() {
        return Set.copyOf(SEEN_EVERYWHERE);
    }
}
