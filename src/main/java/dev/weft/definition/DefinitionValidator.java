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
        Map<String, String> owners = new HashMap<>();
        collectBodyIds(steps, "steps", null, owners, new HashMap<>(), problems);
        Scope top = new Scope(Set.of(), Set.of(), owners, rules);
        Set<String> known = validateSteps(steps, "steps", top, problems);
        checkTemplates(definition.output(), "output", top.expressions(known, null, problems));
        List<WorkflowDefinition.Chain> onComplete = definition.chaining().onComplete();
        for (int i = 0; i < onComplete.size(); i++) {
            checkTemplates(onComplete.get(i).input(), "on_complete[" + i + "].input", known, null,
                    Expression.ON_COMPLETE, top, problems);
        }
        List<WorkflowDefinition.Chain> onFailure = definition.chaining().onFailure();
        for (int i = 0; i < onFailure.size(); i++) {
            checkTemplates(onFailure.get(i).input(), "on_failure[" + i + "].input", known, null,
                    Expression.ON_FAILURE, top, problems);
        }
        if (definition.inputSchema() != null) {
            JsonSchemas.problems(definition.inputSchema(), rules == DefinitionParser.Rules.REGISTRATION)
                    .forEach(m -> problems.add("input", m));
        }
    }

    /**
     * Where a list of steps is checked: the steps of enclosing scopes it may read, the variables its
     * scope binds ({@code item}, {@code index}, {@code round}, {@code previous}), and which body each
     * body step id belongs to (so a read from outside says where the step is).
     *
     * @param outer  ids of enclosing scopes' steps that have surely ended before this scope runs
     * @param roots  the variables bound by the enclosing scopes
     * @param owners body step id → the step that owns its body
     */
    record Scope(Set<String> outer, Set<String> roots, Map<String, String> owners, DefinitionParser.Rules rules) {
        Scope inside(Set<String> moreOuter, Set<String> moreRoots) {
            Set<String> o = new HashSet<>(outer);
            o.addAll(moreOuter);
            Set<String> r = new HashSet<>(roots);
            r.addAll(moreRoots);
            return new Scope(o, r, owners, rules);
        }

        ExpressionChecks expressions(Set<String> known, Set<String> allowed, Problems problems) {
            return new ExpressionChecks(known, allowed, this, problems);
        }
    }

    /** Step ids are unique in the whole definition, bodies included, so {@code steps.<id>} is never ambiguous. */
    private static void collectBodyIds(List<StepDefinition> steps, String base, String owner, Map<String, String> owners,
                                       Map<String, String> seen, Problems problems) {
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            String path = base + "[" + i + "]";
            String first = seen.putIfAbsent(step.id(), path);
            if (first != null && (owner != null || first.contains(".steps["))) {
                problems.add(path + ".id", "duplicate step id '" + step.id() + "' (first used by " + first
                        + "); ids are unique across the definition, bodies included");
            }
            if (owner != null) {
                owners.put(step.id(), owner);
            }
            if (step.kind() instanceof StepKind.Body body) {
                collectBodyIds(body.steps(), path + "." + step.kind().keyword() + ".steps", step.id(), owners, seen,
                        problems);
            }
        }
    }

    /** Checks one list of steps (the definition's or a body's); returns the ids it may read among them. */
    private static Set<String> validateSteps(List<StepDefinition> steps, String base, Scope scope,
                                             Problems problems) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Integer first = index.putIfAbsent(steps.get(i).id(), i);
            if (first != null) {
                problems.add(base + "[" + i + "].id", "duplicate step id '" + steps.get(i).id()
                        + "' (first used by " + base + "[" + first + "])");
            }
        }
        Set<String> known = new HashSet<>(index.keySet());
        known.addAll(scope.outer());
        List<List<Integer>> edges = dependencies(steps, base, index, scope, problems);
        for (List<Integer> cycle : cycles(edges)) {
            List<String> names = new ArrayList<>();
            cycle.forEach(i -> names.add(steps.get(i).id()));
            names.add(steps.get(cycle.getFirst()).id());
            problems.add(base + "[" + cycle.getFirst() + "].depends_on", "dependency cycle: " + String.join(" -> ", names));
        }
        for (int i = 0; i < steps.size(); i++) {
            Set<String> allowed = new HashSet<>(scope.outer());
            for (int a : ancestors(i, edges)) allowed.add(steps.get(a).id());
            StepDefinition step = steps.get(i);
            String path = base + "[" + i + "]";
            ExpressionChecks checks = scope.expressions(known, allowed, problems);
            if (step.kind() instanceof StepKind.Foreach each && each.isAgentForm()) {
                checkTemplates(step.input(), path + ".input", scope.inside(Set.of(), Set.of("item", "index"))
                        .expressions(known, allowed, problems));
            } else {
                checkTemplates(step.input(), path + ".input", checks);
            }
            if (step.fallback() != null) {
                checkTemplates(step.fallback().input(), path + ".fallback.input", scope.inside(Set.of(),
                        Set.of("error")).expressions(known, allowed, problems));
            }
            if (step.when() != null) {
                checks.expression(step.when(), Expression.CONDITION, path + ".when");
                checkCaseNames(step.when(), path + ".when", steps, index, problems);
            }
            checkJoin(step, path, problems);
            BuiltInRules.check(step, path, checks, problems);
            if (step.kind() instanceof StepKind.Body body) {
                validateBody(step, body, path + "." + step.kind().keyword(), scope.inside(allowed, Set.of()), known,
                        problems);
            }
        }
        return known;
    }

    /** A body sees the steps its owner may read, its own steps, and the variables its scope binds. */
    private static void validateBody(StepDefinition owner, StepKind.Body body, String path, Scope outer,
                                     Set<String> outerKnown, Problems problems) {
        Set<String> roots = owner.kind() instanceof StepKind.Loop ? Set.of("round", "previous") : Set.of("item", "index");
        Scope scope = outer.inside(Set.of(), roots);
        Set<String> known = validateSteps(body.steps(), path + ".steps", scope, problems);
        // The owner's until and output are evaluated once the iteration's steps have all ended.
        ExpressionChecks afterBody = scope.expressions(known, known, problems);
        if (body.output() != null) {
            checkTemplates(body.output(), path + ".output", afterBody);
        }
        if (owner.kind() instanceof StepKind.Loop loop) {
            afterBody.expression(loop.until(), Expression.CONDITION, path + ".until");
        }
    }

    /** Edges i → j for "step i depends on step j", reporting unknown ids and self-dependencies. */
    private static List<List<Integer>> dependencies(List<StepDefinition> steps, String base,
                                                    Map<String, Integer> index, Scope scope, Problems problems) {
        List<List<Integer>> edges = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            List<Integer> out = new ArrayList<>();
            List<String> deps = steps.get(i).dependsOn();
            for (int k = 0; k < deps.size(); k++) {
                String dep = deps.get(k);
                Integer target = index.get(dep);
                String path = base + "[" + i + "].depends_on[" + k + "]";
                if (target == null && (scope.outer().contains(dep) || scope.owners().containsKey(dep))) {
                    problems.add(path, "step '" + dep + "' is not in this list of steps: a step depends only on "
                            + "steps beside it (a body step reads the steps around its body through expressions)");
                } else if (target == null) {
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

    static void checkTemplates(Object tree, String base, ExpressionChecks checks) {
        checkTemplates(tree, base, checks.known(), checks.allowed(), Expression.VALUE, checks.scope(),
                checks.problems());
    }

    /** @param purpose VALUE, or a chain's input ({@link Expression#ON_COMPLETE}, {@link Expression#ON_FAILURE}) */
    private static void checkTemplates(Object tree, String base, Set<String> known, Set<String> allowed,
                                       Expression purpose, Scope scope, Problems problems) {
        // Walk leaf by leaf so one malformed string does not hide problems in its siblings.
        if (tree instanceof Map<?, ?> m) {
            m.forEach((k, v) -> checkTemplates(v, Problems.join(base, String.valueOf(k)), known, allowed, purpose,
                    scope, problems));
            return;
        }
        if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkTemplates(l.get(i), base + "[" + i + "]", known, allowed, purpose, scope, problems);
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
            checkExpression(te.expression(), purpose, Problems.join(base, te.path()), known, allowed, scope,
                    problems);
        }
    }

    /** What an expression is for, which decides how it is checked. */
    enum Expression {
        /** A template's {@code {{ }}}: any type. */
        VALUE,
        /** A {@code when} or a switch case: bool (or dyn, known only when it runs). */
        CONDITION,
        /** An aggregate's expression: sees {@code values} as well. */
        AGGREGATE,
        /** A template in the input of an {@code on_complete} chain: sees {@code output} as well. */
        ON_COMPLETE,
        /** A template in the input of an {@code on_failure} chain: sees {@code error} as well. */
        ON_FAILURE
    }

    /** @param allowed step ids the expression may read, or null for any existing step (output) */
    static void checkExpression(String expression, Expression purpose, String path, Set<String> known,
                                Set<String> allowed, Scope scope, Problems problems) {
        Set<String> roots = scope.roots();
        Set<String> refs;
        try {
            refs = switch (scope.rules()) {
                case REGISTRATION -> switch (purpose) {
                    case VALUE -> CelExpressionEvaluator.referencedSteps(expression, roots);
                    case CONDITION -> {
                        CelExpressionEvaluator.checkCondition(expression, roots);
                        yield CelExpressionEvaluator.referencedSteps(expression, roots);
                    }
                    case AGGREGATE -> CelExpressionEvaluator.referencedSteps(expression, union(roots, "values"));
                    case ON_COMPLETE -> CelExpressionEvaluator.referencedSteps(expression, Set.of("output"));
                    case ON_FAILURE -> CelExpressionEvaluator.referencedSteps(expression, Set.of("error"));
                };
                case STORED -> CelExpressionEvaluator.referencedStepsInSyntax(expression);
            };
        } catch (ExpressionException e) {
            problems.add(path, e.getMessage());
            return;
        }
        for (String ref : refs) {
            String owner = scope.owners().get(ref);
            if (!known.contains(ref) && owner != null) {
                problems.add(path, "expression '" + expression + "' reads step '" + ref + "', which runs inside '"
                        + owner + "'; outside its body, read steps." + owner + ".output");
            } else if (!known.contains(ref)) {
                problems.add(path, "expression '" + expression + "' reads unknown step '" + ref + "'");
            } else if (allowed != null && !allowed.contains(ref)) {
                problems.add(path, "expression '" + expression + "' reads step '" + ref
                        + "', which is not among this step's dependencies; add it to depends_on");
            }
        }
    }

    private static Set<String> union(Set<String> roots, String root) {
        Set<String> out = new HashSet<>(roots);
        out.add(root);
        return out;
    }

    /** The checks a built-in step's expressions need, bound to one step. */
    record ExpressionChecks(Set<String> known, Set<String> allowed, Scope scope, Problems problems) {
        void templates(Object tree, String path) {
            checkTemplates(tree, path, this);
        }

        void expression(String expression, Expression purpose, String path) {
            checkExpression(expression, purpose, path, known, allowed, scope, problems);
        }

        boolean compilesSchemas() {
            return scope.rules() == DefinitionParser.Rules.REGISTRATION;
        }
    }

    /** A guard comparing a switch's case with a name the switch does not have would never be true. */
    private static void checkCaseNames(String when, String path, List<StepDefinition> steps,
                                       Map<String, Integer> index, Problems problems) {
        List<CelExpressionEvaluator.CaseReference> references;
        try {
            references = CelExpressionEvaluator.caseReferences(when);
        } catch (ExpressionException e) {
            return; // already reported by checkExpression
        }
        for (CelExpressionEvaluator.CaseReference ref : references) {
            Integer target = index.get(ref.stepId());
            if (target != null && steps.get(target).kind() instanceof StepKind.Switch choice
                    && !choice.names().contains(ref.caseName())) {
                problems.add(path, "expression '" + when + "' compares with case '" + ref.caseName()
                        + "', but switch '" + ref.stepId() + "' has cases " + String.join(", ", choice.names()));
            }
        }
    }

    private static void checkJoin(StepDefinition step, String path, Problems problems) {
        Join join = step.join();
        if (join.isAll() && !join.cancelOthers()) return;
        int deps = step.dependsOn().size();
        if (!join.isAll() && deps < 2) {
            problems.add(path + ".join", "a join needs several dependencies, but the step has " + deps);
        } else if (join.mode() == Join.Mode.QUORUM && join.quorum() > deps) {
            problems.add(path + ".join.quorum", "must be at most the number of dependencies (" + deps
                    + "), but got " + join.quorum());
        } else if (join.isAll()) {
            problems.add(path + ".join.cancel_others", "needs join any or a quorum: with all, no dependency is "
                    + "left running when the step starts");
        }
    }
}
