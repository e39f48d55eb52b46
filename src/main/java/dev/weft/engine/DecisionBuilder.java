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
        this.blueprint = Blueprint.of(definition);
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

    Decision build() {
        return new Decision(events, effects, state);
    }
}
