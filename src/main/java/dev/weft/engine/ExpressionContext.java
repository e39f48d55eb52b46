package dev.weft.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The roots that templates see: {@code input}, {@code steps.<id>} (output, status, error,
 * attempt — every step is present, with a null output until it completes) and
 * {@code execution} (id, workflow, version).
 */
public final class ExpressionContext {
    private ExpressionContext() {
    }

    public static Map<String, Object> of(ExecutionState state) {
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepState s : state.steps().values()) {
            Map<String, Object> view = new HashMap<>();
            view.put("output", s.output());
            view.put("status", s.status().name().toLowerCase());
            view.put("attempt", (long) s.attempt());
            view.put("error", s.error() == null ? null
                    : Map.of("type", s.error().type(), "message", String.valueOf(s.error().message())));
            steps.put(s.stepId(), view);
        }
        Map<String, Object> execution = Map.of(
                "id", state.executionId(),
                "workflow", state.workflow(),
                "version", (long) state.version());
        Map<String, Object> context = new HashMap<>();
        context.put("input", state.input());
        context.put("steps", steps);
        context.put("execution", execution);
        return context;
    }
}
