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

    /**
     * Applies the event at once. A dispatch takes the place of its step's StepReady of this
     * decision (ADR 0012): that event is not stored, and the sequence counts the stored events.
     */
    void emit(ExecutionEvent event) {
        int redundant = event instanceof ExecutionEvent.TaskDispatched d ? ReadyCompaction.redundantReady(events, d)
                : -1;
        state = EventApplier.apply(state, event, blueprint);
        if (redundant >= 0) {
            events.remove(redundant);
            state = state.withSequence(state.sequence() - 1);
        }
        events.add(event);
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
