package dev.weft.engine;

import java.util.List;

/**
 * The outcome of one command: the events to append (in order), the effects to carry out after
 * they commit, and the state the events lead to.
 */
public record Decision(List<ExecutionEvent> events, List<Effect> effects, ExecutionState state) {

    public Decision {
        events = List.copyOf(events);
        effects = List.copyOf(effects);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }
}
