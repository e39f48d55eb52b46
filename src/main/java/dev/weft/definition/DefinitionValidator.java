package dev.weft.definition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-field checks on a definition: unique step ids, known and acyclic dependencies,
 * expressions that compile and only read steps that are guaranteed to have ended, and an input
 * JSON Schema that compiles. Collects all problems rather than stopping at the first. The graph
 * checks are {@link Dependencies} and {@link StepGraph}, the expression checks {@link ExpressionChecks}.
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
        ExpressionChecks anyStep = top.expressions(known, null, problems);
        anyStep.templates(definition.output(), "output");
        List<WorkflowDefinition.Chain> onComplete = definition.chaining().onComplete();
        for (int i = 0; i < onComplete.size(); i++) {
            anyStep.templates(onComplete.get(i).input(), "on_complete[" + i + "].input", Expression.ON_COMPLETE);
        }
        List<WorkflowDefinition.Chain> onFailure = definition.chaining().onFailure();
        for (int i = 0; i < onFailure.size(); i++) {
            anyStep.templates(onFailure.get(i).input(), "on_failure[" + i + "].input", Expression.ON_FAILURE);
        }
        if (definition.inputSchema() != null) {
            JsonSchemas.problems(definition.inputSchema(), rules == DefinitionParser.Rules.REGISTRATION)
                    .forEach(m -> problems.add("input", m));
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
            if (step.kind() instanceof ScopeOwner.Body body) {
                collectBodyIds(body.steps(), path + "." + step.kind().keyword() + ".steps", step.id(), owners, seen,
                        problems);
            }
            if (step.kind() instanceof ScopeOwner.Machine machine) {
                collectBodyIds(machine.steps(), "states", step.id(), owners, seen, problems);
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
        StepGraph dependencies = Dependencies.check(steps, base, index, scope, problems);
        for (int i = 0; i < steps.size(); i++) {
            // A step reads the steps that have surely ended before it starts: its transitive dependencies.
            Set<String> allowed = new HashSet<>(scope.outer());
            for (int a : dependencies.reachableFrom(i)) allowed.add(steps.get(a).id());
            StepDefinition step = steps.get(i);
            String path = base + "[" + i + "]";
            ExpressionChecks checks = scope.expressions(known, allowed, problems);
            if (step.kind() instanceof ScopeOwner.Foreach each && each.isAgentForm()) {
                scope.inside(Set.of(), Set.of("item", "index")).expressions(known, allowed, problems)
                        .templates(step.input(), path + ".input");
            } else {
                checks.templates(step.input(), path + ".input");
            }
            if (step.fallback() != null) {
                scope.inside(Set.of(), Set.of("error")).expressions(known, allowed, problems)
                        .templates(step.fallback().input(), path + ".fallback.input");
            }
            if (step.when() != null) {
                checks.expression(step.when(), Expression.CONDITION, path + ".when");
                CaseNames.check(step.when(), path + ".when", steps, index, problems);
            }
            checkJoin(step, path, problems);
            BuiltInRules.check(step, path, checks, problems);
            if (step.kind() instanceof ScopeOwner.Body body) {
                validateBody(step, body, path + "." + step.kind().keyword(), scope.inside(allowed, Set.of()), known,
                        problems);
            }
            if (step.kind() instanceof ScopeOwner.Machine machine) {
                validateStates(machine, scope.inside(allowed, Set.of()), problems);
            }
        }
        return known;
    }

    /**
     * A state machine's expressions may read any state ({@code steps.<state>} is its latest visit, a
     * PENDING view with a null output before the first) and {@code visits}; its transitions and
     * output are evaluated once a visit has ended.
     */
    private static void validateStates(ScopeOwner.Machine machine, Scope outer, Problems problems) {
        Scope scope = outer.inside(Set.of(), Set.of("visits"));
        List<StepDefinition> states = machine.steps();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < states.size(); i++) index.putIfAbsent(states.get(i).id(), i);
        Set<String> known = new HashSet<>(index.keySet());
        known.addAll(scope.outer());
        ExpressionChecks checks = scope.expressions(known, known, problems);
        for (int i = 0; i < states.size(); i++) {
            StepDefinition step = states.get(i);
            String path = "states[" + i + "]";
            checks.templates(step.input(), path + ".input");
            if (step.fallback() != null) {
                scope.inside(Set.of(), Set.of("error")).expressions(known, known, problems)
                        .templates(step.fallback().input(), path + ".fallback.input");
            }
            BuiltInRules.check(step, path, checks, problems);
            List<ScopeOwner.Machine.Transition> transitions = machine.states().get(i).transitions();
            for (int k = 0; k < transitions.size(); k++) {
                String when = transitions.get(k).when();
                if (when != null) {
                    String at = path + ".transitions[" + k + "].when";
                    checks.expression(when, Expression.CONDITION, at);
                    CaseNames.check(when, at, states, index, problems);
                }
            }
        }
        if (machine.output() != null) {
            checks.templates(machine.output(), "output");
        }
    }

    /** A body sees the steps its owner may read, its own steps, and the variables its scope binds. */
    private static void validateBody(StepDefinition owner, ScopeOwner.Body body, String path, Scope outer,
                                     Set<String> outerKnown, Problems problems) {
        Set<String> roots = owner.kind() instanceof ScopeOwner.Loop ? Set.of("round", "previous") : Set.of("item", "index");
        Scope scope = outer.inside(Set.of(), roots);
        Set<String> known = validateSteps(body.steps(), path + ".steps", scope, problems);
        // The owner's until and output are evaluated once the iteration's steps have all ended.
        ExpressionChecks afterBody = scope.expressions(known, known, problems);
        if (body.output() != null) {
            afterBody.templates(body.output(), path + ".output");
        }
        if (owner.kind() instanceof ScopeOwner.Loop loop) {
            afterBody.expression(loop.until(), Expression.CONDITION, path + ".until");
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
