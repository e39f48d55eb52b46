package dev.weft.engine;

import dev.weft.engine.ExecutionEvent.*;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.weft.engine.StepTransitionTable.Transition;

/**
 * Collects the step transitions the tests make, checked against the engine's own table
 * ({@link StepTransitionTable}, which the applier enforces), so a test can prove that every row
 * was exercised. ResultIgnored is not a transition: it must change nothing.
 */
final class StepTransitions {

    /** The table itself is the engine's: the applier enforces it. */
    static final Set<Transition> EXPECTED = StepTransitionTable.ALLOWED;

    /** Everything seen in this JVM, by the scenario fixture and the simulation alike. */
    private static final Set<Transition> SEEN_EVERYWHERE = ConcurrentHashMap.newKeySet();

    private StepTransitions() {
    }

    /**
     * The transitions {@code event} makes from {@code before} to {@code after}, each checked
     * against the table and recorded globally.
     */
    static List<Transition> observe(ExecutionState before, ExecutionEvent event, ExecutionState after) {
        if (!before.isStarted() || StepTransitionTable.movesNoStep(event)) {
            return List.of();
        }
        List<Transition> seen = new java.util.ArrayList<>();
        for (Map.Entry<String, StepState> e : after.steps().entrySet()) {
            StepState was = before.steps().get(e.getKey());
            if (was == null) {
                // A new instance (a foreach's item, a loop's round): created waiting, not a transition.
                if (e.getValue().status() != StepStatus.PENDING) {
                    throw new AssertionError("Instance '" + e.getKey() + "' was created " + e.getValue().status());
                }
                continue;
            }
            StepStatus from = was.status();
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
