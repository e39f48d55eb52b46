package dev.weft.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The roots that templates see: {@code input}, {@code steps.<id>} (output, status, error,
 * attempt — every step is present, with a null output until it completes) and
 * {@code execution} (id, workflow, version). Inside a scope (a foreach item, a loop round),
 * {@code steps.<id>} of a body step is its instance in that scope, and the scope's variables
 * ({@code item}, {@code index}, {@code round}, {@code previous}) are bound too; from outside, a
 * foreach or loop is seen by its own output only.
 */
public final class ExpressionContext {
    private ExpressionContext() {
    }

    public static Map<String, Object> of(ExecutionState state) {
        return of(state, null);
    }

    /** @param scope where the expression is evaluated, or null for the top level */
    static Map<String, Object> of(ExecutionState state, Scope scope) {
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepState s : state.steps().values()) {
            if (TaskIds.isTopLevel(s.stepId())) {
                steps.put(s.stepId(), view(s));
            }
        }
        Map<String, Object> execution = Map.of(
                "id", state.executionId(),
                "workflow", state.workflow(),
                "version", (long) state.version());
        Map<String, Object> context = new HashMap<>();
        context.put("input", state.input());
        context.put("steps", steps);
        context.put("execution", execution);
        if (scope != null && !scope.isTop()) {
            enter(state, scope, steps, context);
        }
        return context;
    }

    /** The enclosing scopes first, so the innermost instance of a step id is the one seen. */
    private static void enter(ExecutionState state, Scope scope, Map<String, Object> steps,
                              Map<String, Object> context) {
        if (!scope.parent().isTop()) {
            enter(state, scope.parent(), steps, context);
        }
        if (!scope.itemTask()) {
            for (var def : scope.steps()) {
                StepState s = state.steps().get(scope.instanceOf(def.id()));
                if (s != null) {
                    steps.put(def.id(), view(s));
                } else if (scope.visits() != null) {
                    steps.put(def.id(), view(StepState.pending(scope.instanceOf(def.id())))); // a state not visited yet
                }
            }
        }
        context.putAll(scope.bindings());
    }

    /** What an expression sees of one step instance. */
    static Map<String, Object> view(StepState s) {
        Map<String, Object> view = new HashMap<>();
        view.put("output", s.output());
        view.put("status", s.status().name().toLowerCase());
        view.put("attempt", (long) s.attempt());
        view.put("error", s.error() == null ? null
                : Map.of("type", s.error().type(), "message", String.valueOf(s.error().message())));
        return view;
    }
}
