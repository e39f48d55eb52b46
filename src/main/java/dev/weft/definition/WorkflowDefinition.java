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
 * @param escalation  what a persistent failure sets off besides its event, or null
 * @param chaining    the workflows started when an execution of this one ends
 * @param schedule    the cron schedule its {@code schedule:} block declares, or null
 */
public record WorkflowDefinition(
        String name,
        int version,
        String description,
        Map<String, Object> inputSchema,
        List<StepDefinition> steps,
        Object output,
        ExecutionLimits limits,
        Escalation escalation,
        Chaining chaining,
        ScheduleDeclaration schedule) {

    public WorkflowDefinition {
        steps = List.copyOf(steps);
        description = description == null ? "" : description;
        chaining = chaining == null ? Chaining.NONE : chaining;
    }

    /** Without a schedule. */
    public WorkflowDefinition(String name, int version, String description, Map<String, Object> inputSchema,
                              List<StepDefinition> steps, Object output, ExecutionLimits limits, Escalation escalation,
                              Chaining chaining) {
        this(name, version, description, inputSchema, steps, output, limits, escalation, chaining, null);
    }

    /** Without chaining. */
    public WorkflowDefinition(String name, int version, String description, Map<String, Object> inputSchema,
                              List<StepDefinition> steps, Object output, ExecutionLimits limits, Escalation escalation) {
        this(name, version, description, inputSchema, steps, output, limits, escalation, Chaining.NONE);
    }

    /** Without escalation. */
    public WorkflowDefinition(String name, int version, String description, Map<String, Object> inputSchema,
                              List<StepDefinition> steps, Object output, ExecutionLimits limits) {
        this(name, version, description, inputSchema, steps, output, limits, null);
    }

    /** @param workflow a workflow started with the failure as its input */
    public record Escalation(String workflow) {
    }

    /**
     * Top-level {@code on_complete:} / {@code on_failure:}: workflows started, once each, when an
     * execution completes / fails or times out (a cancelled one starts none).
     */
    public record Chaining(List<Chain> onComplete, List<Chain> onFailure) {
        public static final Chaining NONE = new Chaining(List.of(), List.of());

        public Chaining {
            onComplete = List.copyOf(onComplete);
            onFailure = List.copyOf(onFailure);
        }
    }

    /**
     * @param workflow the workflow to start (its default version at the time)
     * @param input    template tree for its input; it sees {@code input}, {@code steps},
     *                 {@code execution} and {@code output} (on_complete) or {@code error} (on_failure);
     *                 null: the execution's output (on_complete) or its error (on_failure), with its id
     */
    public record Chain(String workflow, Object input) {
    }

    /**
     * Top-level {@code schedule:}: registering the definition creates or updates the schedule
     * {@code workflow:<name>}, which starts the workflow's default version at each fire time.
     *
     * @param input a plain JSON object (no templates), checked against the input schema
     */
    public record ScheduleDeclaration(String cron, String timeZone, Map<String, Object> input,
                                      dev.weft.schedule.OverlapPolicy overlap, dev.weft.schedule.CatchUpPolicy catchUp,
                                      java.time.Instant startAt, java.time.Instant endAt) {
    }

    public Optional<StepDefinition> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public WorkflowDefinition withVersion(int newVersion) {
        return new WorkflowDefinition(name, newVersion, description, inputSchema, steps, output, limits, escalation,
                chaining, schedule);
    }

    /**
     * @param timeout     the whole execution's deadline, from its start (default 24 h)
     * @param maxParallel how many tasks of one execution may be out with agents at once (default 100)
     * @param maxTasks    how many tasks (attempts included) one execution may dispatch (default 1000)
     * @param maxFailedSteps   the execution fails once this many steps failed for good (0: no limit)
     * @param maxFailedPercent the execution fails once this share of its steps, in percent, failed for good (0: no limit)
     */
    public record ExecutionLimits(Duration timeout, int maxParallel, int maxTasks, int maxFailedSteps,
                                  int maxFailedPercent) {
        public static final ExecutionLimits DEFAULTS = new ExecutionLimits(Duration.ofHours(24), 100, 1000);

        /** Without a failure threshold. */
        public ExecutionLimits(Duration timeout, int maxParallel, int maxTasks) {
            this(timeout, maxParallel, maxTasks, 0, 0);
        }
    }
}
