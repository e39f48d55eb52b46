package dev.weft.definition;

import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import dev.weft.expr.TemplateExpression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-field checks on a definition: unique step ids, known and acyclic dependencies,
 * expressions that compile and only read steps that are guaranteed to have ended, and an input
 * JSON Schema that compiles. Collects all problems rather than stopping at the first.
 */
public final class DefinitionValidator {
    private DefinitionValidator() {}

    /** Every problem in {@code definition}; empty when it is valid. Lines are 0 (no source text). */
    public static List<DefinitionError> validate(WorkflowDefinition definition) {
        Problems problems = new Problems(null, i -> i < definition.steps().size() ? definition.steps().get(i).id() : null);
        validate(definition, problems);
        return problems.errors();
    }

    /** @throws DefinitionException when {@link #validate(WorkflowDefinition)} finds problems */
    public static WorkflowDefinition requireValid(WorkflowDefinition definition) {
        List<DefinitionError> errors = validate(definition);
        if (!errors.isEmpty()) throw new DefinitionException(errors);
        return definition;
    }

    static void validate(WorkflowDefinition definition, Problems problems) {
        validate(definition, problems, DefinitionParser.Rules.REGISTRATION);
    }

    /**
     * With {@link DefinitionParser.Rules#STORED}, expressions are not type-checked (an earlier
     * release checked them under its own rules; one that no longer holds fails when it runs), but
     * must still parse and read only steps they may; likewise the input schema is not compiled.
     */
    static void validate(WorkflowDefinition definition, Problems problems, DefinitionParser.Rules rules) {
        List<StepDefinition> steps = definition.steps();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Integer first = index.putIfAbsent(steps.get(i).id(), i);
            if (first != null) {
                problems.add("steps[" + i + "].id", "duplicate step id '" + steps.get(i).id()
                        + "' (first used by steps[" + first + "])");
            }
        }
        List<List<Integer>> edges = dependencies(steps, index, problems);
        for (List<Integer> cycle : cycles(edges)) {
            List<String> names = new ArrayList<>();
            cycle.forEach(i -> names.add(steps.get(i).id()));
            names.add(steps.get(cycle.getFirst()).id());
            problems.add("steps[" + cycle.getFirst() + "].depends_on", "dependency cycle: " + String.join(" -> ", names));
        }
        for (int i = 0; i < steps.size(); i++) {
            Set<String> allowed = new HashSet<>();
            for (int a : ancestors(i, edges)) allowed.add(steps.get(a).id());
            checkTemplates(steps.get(i).input(), "steps[" + i + "].input", index.keySet(), allowed, Set.of(), rules,
                    problems);
        }
        checkTemplates(definition.output(), "output", index.keySet(), null, Set.of(), rules, problems);
        List<WorkflowDefinition.Chain> onComplete = definition.chaining().onComplete();
        for (int i = 0; i < onComplete.size(); i++) {
            checkTemplates(onComplete.get(i).input(), "on_complete[" + i + "].input", index.keySet(), null,
                    Set.of("output"), rules, problems);
        }
        List<WorkflowDefinition.Chain> onFailure = definition.chaining().onFailure();
        for (int i = 0; i < onFailure.size(); i++) {
            checkTemplates(onFailure.get(i).input(), "on_failure[" + i + "].input", index.keySet(), null,
                    Set.of("error"), rules, problems);
        }
        if (definition.inputSchema() != null) {
            JsonSchemas.problems(definition.inputSchema(), rules == DefinitionParser.Rules.REGISTRATION)
                    .forEach(m -> problems.add("input", m));
        }
    }

    /** Edges i → j for "step i depends on step j", reporting unknown ids and self-dependencies. */
    private static List<List<Integer>> dependencies(List<StepDefinition> steps, Map<String, Integer> index,
                                                    Problems problems) {
        List<List<Integer>> edges = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            List<Integer> out = new ArrayList<>();
            List<String> deps = steps.get(i).dependsOn();
            for (int k = 0; k < deps.size(); k++) {
                String dep = deps.get(k);
                Integer target = index.get(dep);
                String path = "steps[" + i + "].depends_on[" + k + "]";
                if (target == null) {
                    problems.add(path, "unknown step '" + dep + "'; steps are " + String.join(", ", index.keySet().stream().sorted().toList()));
                } else if (dep.equals(steps.get(i).id())) {
                    problems.add(path, "a step cannot depend on itself");
                } else {
                    out.add(target);
                }
            }
            edges.add(out);
        }
        return edges;
    }

    /** Each elementary cycle found by depth-first search, once, rotated to start at its lowest index. */
    private static List<List<Integer>> cycles(List<List<Integer>> edges) {
        int[] state = new int[edges.size()]; // 0 new, 1 on stack, 2 done
        Set<List<Integer>> found = new LinkedHashSet<>();
        List<Integer> stack = new ArrayList<>();
        for (int start = 0; start < edges.size(); start++) {
            if (state[start] == 0) dfs(start, edges, state, stack, found);
        }
        return new ArrayList<>(found);
    }

    private static void dfs(int node, List<List<Integer>> edges, int[] state, List<Integer> stack,
                            Set<List<Integer>> found) {
        state[node] = 1;
        stack.add(node);
        for (int next : edges.get(node)) {
            if (state[next] == 1) {
                List<Integer> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                int min = cycle.indexOf(cycle.stream().min(Integer::compare).orElseThrow());
                List<Integer> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
                rotated.addAll(cycle.subList(0, min));
                found.add(rotated);
            } else if (state[next] == 0) {
                dfs(next, edges, state, stack, found);
            }
        }
        stack.removeLast();
        state[node] = 2;
    }

    /** Steps that have surely ended before step {@code i} starts: its transitive dependencies. */
    private static Set<Integer> ancestors(int i, List<List<Integer>> edges) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new ArrayList<>(edges.get(i));
        while (!todo.isEmpty()) {
            int next = todo.removeLast();
            if (next != i && seen.add(next)) todo.addAll(edges.get(next));
        }
        return seen;
    }

    /**
     * @param allowed    step ids the templates may read, or null for any existing step (output)
     * @param extraRoots roots the templates see besides input, steps and execution
     */
    private static void checkTemplates(Object tree, String base, Set<String> known, Set<String> allowed,
                                       Set<String> extraRoots, DefinitionParser.Rules rules, Problems problems) {
        // Walk leaf by leaf so one malformed string does not hide problems in its siblings.
        if (tree instanceof Map<?, ?> m) {
            m.forEach((k, v) -> checkTemplates(v, Problems.join(base, String.valueOf(k)), known, allowed, extraRoots,
                    rules, problems));
            return;
        }
        if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkTemplates(l.get(i), base + "[" + i + "]", known, allowed, extraRoots, rules, problems);
            }
            return;
        }
        if (!(tree instanceof String)) return;
        List<TemplateExpression> expressions;
        try {
            expressions = CelExpressionEvaluator.expressions(tree);
        } catch (ExpressionException e) {
            problems.add(base, e.getMessage());
            return;
        }
        for (TemplateExpression te : expressions) {
            String path = Problems.join(base, te.path());
            Set<String> refs;
            try {
                refs = switch (rules) {
                    case REGISTRATION -> CelExpressionEvaluator.referencedSteps(te.expression(), extraRoots);
                    case STORED -> CelExpressionEvaluator.referencedStepsInSyntax(te.expression());
                };
            } catch (ExpressionException e) {
                problems.add(path, e.getMessage());
                continue;
            }
            for (String ref : refs) {
                if (!known.contains(ref)) {
                    problems.add(path, "expression '" + te.expression() + "' reads unknown step '" + ref + "'");
                } else if (allowed != null && !allowed.contains(ref)) {
                    problems.add(path, "expression '" + te.expression() + "' reads step '" + ref
                            + "', which is not among this step's dependencies; add it to depends_on");
                }
            }
        }
    }
}
