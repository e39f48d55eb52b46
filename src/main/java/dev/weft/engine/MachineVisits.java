package dev.weft.engine;

import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.StateEntered;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A state machine's visits, one owner kind of {@link ScopeRules} in its own class (ADR 0011). The
 * machine enters its initial state; once the current visit has ended (completed, or failed or
 * skipped with on_error continue or skip), its state's transitions are tried in order and the
 * first that holds enters the next state — a new visit, even of a state visited before. When none
 * holds, an end state ends the machine with its output, any other fails it with
 * {@code no_transition}. The states visited so far, in order, are the machine's input.
 */
final class MachineVisits {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    MachineVisits(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /** A ready machine enters its initial state. */
    static void open(DecisionBuilder d, String instance, ScopeOwner.Machine machine) {
        d.emit(new StateEntered(instance, machine.initial(), 1, null, null, null, null, d.now));
    }

    /** Once the current visit has ended: the next state, or the machine's end. */
    boolean close(DecisionBuilder d, ScopeRules.Owner owner, ScopeOwner.Machine machine) {
        List<Object> visited = visited(owner.state());
        String current = (String) visited.getLast();
        Scope scope = scope(owner.scope(), owner.key(), machine, owner.state());
        String visit = scope.instanceOf(current);
        StepState ended = d.state().step(visit);
        if (!ended.status().isEnded()) {
            return false;
        }
        ScopeOwner.Machine.State state = machine.state(current);
        int index = machine.states().indexOf(state);
        List<String> tried = new ArrayList<>();
        for (int k = 0; k < state.transitions().size(); k++) {
            ScopeOwner.Machine.Transition t = state.transitions().get(k);
            boolean value = true;
            if (t.when() != null) {
                switch (ConditionOutcome.of(expressions, t.when(), ExpressionContext.of(d.state(), scope),
                        "states[" + index + "](" + current + ").transitions[" + k + "].when")) {
                    case ConditionOutcome.Failed f -> {
                        failures.stepFailedFinally(d, owner.key(), f.error());
                        return true;
                    }
                    case ConditionOutcome.Holds h -> value = h.value();
                }
            }
            if (value) {
                int taken = visited.size() - 1;
                if (taken >= machine.maxTransitions()) {
                    failures.stepFailedFinally(d, owner.key(), new ErrorInfo("max_transitions_exceeded",
                            "state '" + current + "' would go to '" + t.to() + "', but the machine has taken its "
                                    + "max_transitions of " + machine.maxTransitions(), false));
                    return true;
                }
                int next = 1 + (int) visited.stream().filter(t.to()::equals).count();
                d.emit(new StateEntered(owner.key(), t.to(), next, current, k, t.when(), value, d.now));
                return true;
            }
            tried.add("'" + t.when() + "' was false");
        }
        if (state.end()) {
            Object output = ended.output();
            if (machine.output() != null) {
                try {
                    output = expressions.resolve(machine.output(), ExpressionContext.of(d.state(), scope));
                } catch (ExpressionException e) {
                    failures.stepFailedFinally(d, owner.key(), new ErrorInfo("expression_error", "output: "
                            + e.getMessage(), false));
                    return true;
                }
            }
            d.emit(new StepEvaluated(owner.key(), ScopeRules.STATES, output, d.now));
            return true;
        }
        failures.stepFailedFinally(d, owner.key(), new ErrorInfo("no_transition", "visit '" + visit + "' ended "
                + ended.status().name().toLowerCase() + ", and no transition of state '" + current + "' holds ("
                + String.join(", ", tried) + "); it is no end state", false));
        return true;
    }

    /**
     * The machine's scope: every state is a step of it, {@code steps.<state>} its latest visit, and
     * {@code visits.<state>} how many visits it has had.
     */
    static Scope scope(Scope parent, String owner, ScopeOwner.Machine machine, StepState o) {
        Map<String, Object> counts = new LinkedHashMap<>();
        machine.states().forEach(s -> counts.put(s.step().id(), 0L));
        Map<String, String> latest = new LinkedHashMap<>();
        for (Object id : visited(o)) {
            long n = (Long) counts.get((String) id) + 1;
            counts.put((String) id, n);
            latest.put((String) id, TaskIds.visit(owner, (String) id, (int) n));
        }
        return new Scope(owner, owner, machine.steps(), false, Map.of("visits", counts), parent, latest);
    }

    /** The states the machine has entered, in order (empty before the first). */
    static List<Object> visited(StepState machine) {
        return machine.input() instanceof List<?> l ? List.copyOf(l) : List.of();
    }
}
