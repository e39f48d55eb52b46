package dev.weft.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated workflow definition. Immutable; once registered it is identified by name and
 * version and never changes, so an execution pinned to it always sees the same steps.
 *
 * <p>Values ({@code input} templates, {@code output}, {@code inputSchema}) are plain JSON trees:
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} or {@code null}. Strings may hold {@code {{ expr }}} templates.
 *
 * @param name        workflow name, [a-z0-9][a-z0-9_.-]* (at most 100 characters)
 * @param version     0 until the definition is registered, then 1, 2, ...
 * @param description optional free text, "" when absent
 * @param inputSchema JSON Schema the start input must satisfy, or null
 * @param steps       in the order written; ids unique; dependencies acyclic
 * @param output      template tree evaluated when every step has ended, or null
 * @param limits      execution-wide limits
 */
public record WorkflowDefinition(
        String name,
        int version,
        String description,
        Map<String, Object> inputSchema,
        List<StepDefinition> steps,
        Object output,
        ExecutionLimits limits) {

    public WorkflowDefinition {
        steps = List.copyOf(steps);
        description = description == null ? "" : description;
    }

    public Optional<StepDefinition> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public WorkflowDefinition withVersion(int newVersion) {
        return new WorkflowDefinition(name, newVersion, description, inputSchema, steps, output, limits);
    }

    /**
     * @param timeout     the whole execution's deadline, from its start (default 24 h)
     * @param maxParallel how many tasks of one execution may be out with agents at once (default 100)
     * @param maxTasks    how many tasks (attempts included) one execution may dispatch (default 1000)
     */
    public record ExecutionLimits(Duration timeout, int maxParallel, int maxTasks) {
        public static final ExecutionLimits DEFAULTS = new ExecutionLimits(Duration.ofHours(24), 100, 1000);
    }
}
