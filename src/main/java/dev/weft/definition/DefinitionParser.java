package dev.weft.definition;

import dev.weft.definition.WorkflowDefinition.ExecutionLimits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a workflow definition written in YAML or JSON (DSL version 1) and validates it. Returns
 * only valid definitions; otherwise throws a {@link DefinitionException} listing every problem
 * with its path and line. Stateless and thread-safe.
 */
public final class DefinitionParser {
    public static final int MAX_TEXT_BYTES = 1 << 20;
    public static final int MAX_STEPS = 1_000;
    /** The most tasks one execution (or one foreach) may have out at once. */
    public static final int MAX_PARALLEL = 1_000;
    public static final Duration MAX_WORKFLOW_TIMEOUT = Duration.ofDays(7);
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    /** How an error message spells {@link #NAME}. */
    static final String NAME_RULE = "[a-z0-9][a-z0-9_.-]{0,99} (lower case)";
    static final List<String> TOP_FIELDS = List.of("name", "description", "input", "limits", "steps", "output",
            "escalation", "on_complete", "on_failure", "states", "initial", "max_transitions", "schedule");
    /** The output of a state machine definition: its machine's (whose own output template is the definition's). */
    static final String MACHINE_OUTPUT = "{{ steps." + ScopeOwner.Machine.STEP_ID + ".output }}";
    static final List<String> LIMIT_FIELDS = List.of("timeout", "max_parallel", "max_tasks", "max_failed_steps",
            "max_failed_percent");
    static final List<String> ESCALATION_FIELDS = List.of("workflow");
    static final List<String> CHAIN_FIELDS = List.of("workflow", "input");
    /** How many workflows one end may start: chaining is for a few follow-ups, not for fan-out. */
    public static final int MAX_CHAINS = 10;

    /** Which release's rules a source must follow. */
    enum Rules {
        /** A definition being registered now: today's rules. */
        REGISTRATION,
        /** A source read back from storage: whatever this or an earlier release accepted. */
        STORED
    }

    /**
     * Parses a definition to register.
     *
     * @return a validated definition with version 0
     * @throws DefinitionException listing every problem found
     */
    public WorkflowDefinition parse(String text) {
        return parse(text, SourceTree.Reading.CURRENT, Rules.REGISTRATION);
    }

    /**
     * Parses a source that this or an earlier release registered and stored. It accepts what
     * earlier releases accepted, so that the executions pinned to a stored version can always be
     * loaded: capability names with upper-case letters; expressions that only earlier type rules
     * accept (they are not type-checked, but must parse and read only the steps they may; one that
     * no longer type-checks fails when it runs); and YAML that only the earlier reading of aliases
     * makes valid (an alias read as its anchor's name, {@code <<} as an ordinary key), which is how
     * it was read when it was registered. Everything else is checked as by {@link #parse}.
     *
     * @return a validated definition with version 0
     * @throws DefinitionException listing every problem found by today's reading of the text
     */
    public WorkflowDefinition parseStored(String text) {
        try {
            return parse(text, SourceTree.Reading.CURRENT, Rules.STORED);
        } catch (DefinitionException current) {
            try {
                return parse(text, SourceTree.Reading.EARLIER_RELEASES, Rules.STORED);
            } catch (DefinitionException earlier) {
                throw current;
            }
        }
    }

    private WorkflowDefinition parse(String text, SourceTree.Reading reading, Rules rules) {
        if (text.length() > MAX_TEXT_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new DefinitionException(List.of(new DefinitionError("", 0,
                    "the definition is larger than " + MAX_TEXT_BYTES + " bytes")));
        }
        SourceTree source = SourceTree.read(text, reading);
        @SuppressWarnings("unchecked")
        Map<String, Object> root = source.root() instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        Problems problems = new Problems(source, index -> stepId(root, index));
        source.errors().forEach(problems::addRead);
        if (source.stopped()) throw new DefinitionException(problems.errors());
        if (root == null) {
            problems.add("", "expected an object with name and steps, but got " + Problems.describe(source.root()));
            throw new DefinitionException(problems.errors());
        }

        FieldReader f = new FieldReader(root, "", problems);
        f.rejectUnknown(TOP_FIELDS);
        String name = f.string("name", true, NAME, NAME_RULE);
        String description = f.string("description", false, null, null);
        Map<String, Object> inputSchema = f.object("input");
        ExecutionLimits limits = limits(f, problems);
        List<StepDefinition> steps;
        Object output = f.raw("output");
        if (f.has("states")) {
            if (f.has("steps")) {
                problems.add("steps", "a definition has either steps (a graph) or states (a state machine), not both");
            }
            StepDefinition machine = new MachineParser(problems, rules).parse(f);
            steps = machine == null ? List.of() : List.of(machine);
            output = MACHINE_OUTPUT; // the machine evaluates the written output in its own scope
        } else {
            for (String field : List.of("initial", "max_transitions")) {
                if (f.has(field)) problems.add(field, "applies to a state machine (a definition with states:), "
                        + "but this one has steps");
            }
            steps = steps(f, problems, rules);
        }
        WorkflowDefinition.Escalation escalation = escalation(f, problems);
        WorkflowDefinition.Chaining chaining = new WorkflowDefinition.Chaining(chains(f, "on_complete", problems),
                chains(f, "on_failure", problems));
        WorkflowDefinition.ScheduleDeclaration schedule = ScheduleBlock.parse(f, problems);
        WorkflowDefinition definition = new WorkflowDefinition(name, 0, description, inputSchema, steps,
                output, limits, escalation, chaining, schedule);
        if (!problems.isEmpty()) {
            // Cross-step checks on a half-read definition would mostly repeat the errors above.
            throw new DefinitionException(problems.errors());
        }
        DefinitionValidator.validate(definition, problems, rules);
        ScheduleBlock.checkInput(definition, problems);
        if (!problems.isEmpty()) throw new DefinitionException(problems.errors());
        return definition;
    }

    private static ExecutionLimits limits(FieldReader top, Problems problems) {
        Map<String, Object> raw = top.object("limits");
        ExecutionLimits d = ExecutionLimits.DEFAULTS;
        if (raw == null) return d;
        FieldReader f = new FieldReader(raw, "limits", problems);
        f.rejectUnknown(LIMIT_FIELDS);
        Duration timeout = f.duration("timeout", d.timeout(), Duration.ofSeconds(1), MAX_WORKFLOW_TIMEOUT);
        Integer maxParallel = f.integer("max_parallel", d.maxParallel(), 1, MAX_PARALLEL);
        Integer maxTasks = f.integer("max_tasks", d.maxTasks(), 1, 10_000);
        Integer maxFailedSteps = f.integer("max_failed_steps", 0, 0, MAX_STEPS);
        Integer maxFailedPercent = f.integer("max_failed_percent", 0, 0, 100);
        if (timeout == null || maxParallel == null || maxTasks == null || maxFailedSteps == null
                || maxFailedPercent == null) return d;
        return new ExecutionLimits(timeout, maxParallel, maxTasks, maxFailedSteps, maxFailedPercent);
    }

    /** {@code escalation: { workflow: name }}: a workflow started with each persistent failure as its input. */
    private static WorkflowDefinition.Escalation escalation(FieldReader top, Problems problems) {
        Map<String, Object> raw = top.object("escalation");
        if (raw == null) return null;
        FieldReader f = new FieldReader(raw, "escalation", problems);
        f.rejectUnknown(ESCALATION_FIELDS);
        String workflow = f.string("workflow", true, NAME, NAME_RULE);
        return workflow == null ? null : new WorkflowDefinition.Escalation(workflow);
    }

    /** {@code on_complete: [{ workflow, input? }]} (or on_failure): the workflows an end starts. */
    private static List<WorkflowDefinition.Chain> chains(FieldReader top, String field, Problems problems) {
        Object raw = top.raw(field);
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) {
            problems.add(field, "expected a list of { workflow, input }, but got " + Problems.describe(raw));
            return List.of();
        }
        if (list.size() > MAX_CHAINS) {
            problems.add(field, "at most " + MAX_CHAINS + " workflows may be chained, but got " + list.size());
            return List.of();
        }
        List<WorkflowDefinition.Chain> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(path, "expected { workflow, input }, but got " + Problems.describe(list.get(i)));
                continue;
            }
            @SuppressWarnings("unchecked")
            FieldReader f = new FieldReader((Map<String, Object>) m, path, problems);
            f.rejectUnknown(CHAIN_FIELDS);
            String workflow = f.string("workflow", true, NAME, NAME_RULE);
            Object input = f.raw("input");
            if (input != null && !(input instanceof Map<?, ?>) && !(input instanceof String)) {
                problems.add(path + ".input", "expected an object (or a template that gives one), but got "
                        + Problems.describe(input));
            }
            if (workflow != null) out.add(new WorkflowDefinition.Chain(workflow, input));
        }
        return out;
    }

    private static List<StepDefinition> steps(FieldReader top, Problems problems, Rules rules) {
        Object raw = top.raw("steps");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(raw == null ? "" : "steps", raw == null
                    ? "missing required field 'steps' (or 'states' for a state machine)"
                    : "expected a non-empty list of steps, but got " + Problems.describe(raw));
            return List.of();
        }
        if (list.size() > MAX_STEPS) {
            problems.add("steps", "at most " + MAX_STEPS + " steps are allowed, but got " + list.size());
            return List.of();
        }
        StepParser parser = new StepParser(problems, rules);
        List<StepDefinition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            StepDefinition step = parser.parse(list.get(i), "steps[" + i + "]");
            if (step != null) out.add(step);
        }
        return out;
    }

    /** The id written for step {@code index}, for error paths; null if it has none. */
    private static String stepId(Map<String, Object> root, int index) {
        Object list = root == null ? null : root.get("steps") != null ? root.get("steps") : root.get("states");
        if (list instanceof List<?> l && index < l.size()
                && l.get(index) instanceof Map<?, ?> step && step.get("id") instanceof String id) {
            return id;
        }
        return null;
    }
}
