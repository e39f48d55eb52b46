package dev.weft.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the kinds that own a body of steps (ADR 0005): {@code foreach} and {@code loop}. A body's
 * steps are read like top-level ones, one level deeper, so nesting is bounded here.
 */
final class ScopedKindParser {
    static final List<String> FOREACH_FIELDS = List.of("items", "mode", "max_parallel", "max_items", "agent", "steps",
            "output");
    static final List<String> LOOP_FIELDS = List.of("steps", "until", "max_iterations", "output");
    static final List<String> DYNAMIC_FIELDS = List.of("tasks", "max_tasks");
    /** Bodies inside bodies: a foreach of loops is useful, deeper nesting is a definition to split. */
    static final int MAX_NESTING = 3;
    static final int MAX_BODY_STEPS = 100;

    private final Problems problems;
    private final DefinitionParser.Rules rules;
    /** 0 for the definition's steps, 1 in a body, ... */
    private final int nesting;
    /** Reads an {@code agent} capability under the rules of this parse. */
    private final Function<FieldReader, String> capability;

    ScopedKindParser(Problems problems, DefinitionParser.Rules rules, int nesting,
                     Function<FieldReader, String> capability) {
        this.problems = problems;
        this.rules = rules;
        this.nesting = nesting;
        this.capability = capability;
    }

    StepKind foreach(FieldReader f) {
        if (f == null) return null;
        String items = f.string("items", true, null, null);
        ScopeOwner.Foreach.Mode mode = f.enumValue("mode", ScopeOwner.Foreach.Mode.class, ScopeOwner.Foreach.Mode.PARALLEL);
        Integer maxParallel = f.integer("max_parallel", 0, 1, DefinitionParser.MAX_PARALLEL);
        Integer maxItems = f.integer("max_items", ScopeOwner.Foreach.DEFAULT_MAX_ITEMS, 1, ScopeOwner.Foreach.MAX_ITEMS);
        if (mode == ScopeOwner.Foreach.Mode.SEQUENTIAL && f.has("max_parallel")) {
            problems.add(f.pathOf("max_parallel"), "mode sequential runs one item at a time; remove max_parallel "
                    + "or use mode parallel");
            return null;
        }
        if (f.has("agent") == f.has("steps")) {
            problems.add(f.pathOf(""), "expected exactly one of 'agent' (one task per item, with the step's input) "
                    + "or 'steps' (a body of steps per item)");
            return null;
        }
        String agent = f.has("agent") ? capability.apply(f) : null;
        List<StepDefinition> body = f.has("steps") ? body(f) : List.of();
        if (f.has("agent") && f.has("output")) {
            problems.add(f.pathOf("output"), "the agent form's item output is the task's result; output applies to "
                    + "a body of steps");
            return null;
        }
        if (items == null || mode == null || maxParallel == null || maxItems == null || body == null
                || f.has("agent") && agent == null) {
            return null;
        }
        int parallel = mode == ScopeOwner.Foreach.Mode.SEQUENTIAL ? 1
                : maxParallel == 0 ? DefinitionParser.MAX_PARALLEL : maxParallel;
        return new ScopeOwner.Foreach(items, mode, parallel, maxItems, agent, body, f.raw("output"));
    }

    StepKind loop(FieldReader f) {
        if (f == null) return null;
        if (!f.has("max_iterations")) {
            problems.add(f.pathOf(""), "missing required field 'max_iterations' (a loop must be bounded; at most "
                    + ScopeOwner.Loop.MAX_ITERATIONS + ")");
        }
        Integer max = f.integer("max_iterations", 0, 1, ScopeOwner.Loop.MAX_ITERATIONS);
        String until = f.string("until", true, null, null);
        List<StepDefinition> body = f.has("steps") ? body(f) : null;
        if (!f.has("steps")) {
            problems.add(f.pathOf(""), "missing required field 'steps' (the body run each round)");
        }
        if (max == null || max == 0 || until == null || body == null) return null;
        if (Conditions.unwrap(until).isBlank()) {
            problems.add(f.pathOf("until"), "expected a CEL condition like \"steps.review.output.approved\", but got "
                    + "an empty string");
            return null;
        }
        return new ScopeOwner.Loop(body, Conditions.unwrap(until), max, f.raw("output"));
    }

    /** {@code dynamic: { tasks: "{{ ... }}", max_tasks: N }}: the specs are checked when they are known, at run time. */
    StepKind dynamic(FieldReader f) {
        if (f == null) return null;
        String tasks = f.string("tasks", true, null, null);
        Integer max = f.integer("max_tasks", ScopeOwner.Dynamic.DEFAULT_MAX_TASKS, 1, ScopeOwner.Dynamic.MAX_TASKS);
        if (tasks == null || max == null) return null;
        if (!tasks.contains("{{")) {
            problems.add(f.pathOf("tasks"), "expected a template giving the list of task specs, like "
                    + "\"{{ steps.plan.output.tasks }}\", but got " + Problems.describe(tasks));
            return null;
        }
        return new ScopeOwner.Dynamic(tasks, max);
    }

    private List<StepDefinition> body(FieldReader f) {
        Object raw = f.raw("steps");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(f.pathOf("steps"), "expected a non-empty list of steps, but got " + Problems.describe(raw));
            return null;
        }
        if (nesting >= MAX_NESTING) {
            problems.add(f.pathOf("steps"), "bodies nest at most " + MAX_NESTING + " deep; move the inner part to "
                    + "a step of its own");
            return null;
        }
        if (list.size() > MAX_BODY_STEPS) {
            problems.add(f.pathOf("steps"), "at most " + MAX_BODY_STEPS + " steps in a body, but got " + list.size());
            return null;
        }
        int before = problems.errors().size();
        StepParser parser = new StepParser(problems, rules, nesting + 1);
        List<StepDefinition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            StepDefinition step = parser.parse(list.get(i), f.pathOf("steps") + "[" + i + "]");
            if (step != null) out.add(step);
        }
        return problems.errors().size() > before ? null : out;
    }
}
