package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import java.util.List;
import java.util.Map;

/**
 * Where step instances run (ADR 0005): the top level, one item of a foreach, one round of a
 * loop, or a state machine (ADR 0011), where {@code steps.<state>} is the state's latest visit. A scope maps its steps' ids to instance keys, and binds the variables its expressions see
 * ({@code item} and {@code index}, or {@code round} and {@code previous}); inside it,
 * {@code steps.x} is the instance of x in this scope, then in the enclosing ones.
 *
 * @param key      the scope's own key: "" at the top level, {@code per_section[2]} for an item,
 *                 {@code refine#2} for a round
 * @param owner    the instance key of the foreach or loop that owns the scope, or null at the top level
 * @param steps    the steps that run in it: the body, or the one task of a foreach's agent form
 * @param itemTask whether it is an item of a foreach's agent form, whose one instance is the item itself
 * @param bindings the variables the scope binds
 * @param parent   the enclosing scope, or null at the top level
 * @param visits   in a state machine's scope, each visited state's latest visit (its instance key);
 *                 null in any other scope
 */
record Scope(String key, String owner, List<StepDefinition> steps, boolean itemTask, Map<String, Object> bindings,
             Scope parent, Map<String, String> visits) {

    Scope(String key, String owner, List<StepDefinition> steps, boolean itemTask, Map<String, Object> bindings,
          Scope parent) {
        this(key, owner, steps, itemTask, bindings, parent, null);
    }

    static Scope top(List<StepDefinition> steps) {
        return new Scope("", null, steps, false, Map.of(), null);
    }

    boolean isTop() {
        return parent == null;
    }

    /** The instance key of step {@code stepId} (one of {@link #steps}) in this scope. */
    String instanceOf(String stepId) {
        if (parent == null) {
            return stepId;
        }
        if (visits != null) {
            String latest = visits.get(stepId);
            return latest != null ? latest : TaskIds.visit(key, stepId, 1);
        }
        return itemTask ? key : TaskIds.inScope(key, stepId);
    }
}
