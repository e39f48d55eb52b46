package dev.weft.engine;

import dev.weft.definition.WorkflowDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scratchpad of one {@link Decider#decide} call: every event emitted is applied at once, so
 * later rules of the same decision see its effect. Local to one call; never shared.
 */
final class DecisionBuilder {
    final WorkflowDefinition definition;
    final Instant now;
    final DispatchGate gate;
    final Blueprint blueprint;
    final Scope top;
    private ExecutionState state;
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();

    DecisionBuilder(WorkflowDefinition definition, ExecutionState state, Instant now, DispatchGate gate) {
        this.definition = definition;
        this.state = state;
        this.now = now;
        this.gate = gate;
        this.blueprint = Blueprint.of(definition, this::state);
        this.top = Scope.top(definition.steps());
    }

    ExecutionState state() {
        return state;
    }

    void emit(ExecutionEvent event) {
        events.add(event);
        state = EventApplier.apply(state, event, blueprint);
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    /** The events emitted so far in this decision. */
    List<ExecutionEvent> events() {
        return java.util.Collections.unmodifiableList(events);
    }

    /** Takes back effects of this decision that a later rule of it made pointless (e.g. a child that must not start). */
    void withdraw(java.util.function.Predicate<Effect> which) {
        effects.removeIf(which);
    }

    Decision build() {
        return new Decision(events, effects, state);
    }
}
