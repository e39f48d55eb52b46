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
    private final List<String> stepIds;
    private ExecutionState state;
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();

    DecisionBuilder(WorkflowDefinition definition, ExecutionState state, Instant now, DispatchGate gate) {
        this.definition = definition;
        this.state = state;
        this.now = now;
        this.gate = gate;
        this.stepIds = definition.steps().stream().map(s -> s.id()).toList();
    }

    ExecutionState state() {
        return state;
    }

    void emit(ExecutionEvent event) {
        events.add(event);
        state = EventApplier.apply(state, event, stepIds);
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    Decision build() {
        return new Decision(events, effects, state);
    }
}
