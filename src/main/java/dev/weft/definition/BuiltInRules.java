package dev.weft.definition;

/** Cross-field checks of the built-in kinds: their expressions read only what they may, their schemas compile. */
final class BuiltInRules {
    private BuiltInRules() {}

    static void check(StepDefinition step, String path, ExpressionChecks checks, Problems problems) {
        switch (step.kind()) {
            case StepKind.Agent agent -> { }
            case StepKind.Switch choice -> {
                for (int i = 0; i < choice.cases().size(); i++) {
                    checks.expression(choice.cases().get(i).when(), Expression.CONDITION,
                            path + ".switch.cases[" + i + "].when");
                }
            }
            case StepKind.Fail fail -> checks.templates(fail.message(), path + ".fail.message");
            case StepKind.Aggregate aggregate -> {
                if (step.dependsOn().isEmpty()) {
                    problems.add(path + ".aggregate", "an aggregate combines its dependencies' outputs, but the step "
                            + "has no depends_on");
                }
                if (aggregate.expression() != null) {
                    checks.expression(aggregate.expression(), Expression.AGGREGATE, path + ".aggregate.expression");
                }
            }
            case StepKind.Transform transform -> checks.templates(transform.value(), path + ".transform."
                    + transform.form().name().toLowerCase(java.util.Locale.ROOT));
            case StepKind.Sleep sleep -> {
                if (sleep.until() != null) {
                    checks.templates(sleep.until(), path + ".sleep.until");
                }
            }
            case ScopeOwner.Foreach each -> checks.templates(each.items(), path + ".foreach.items");
            case ScopeOwner.Loop loop -> { } // its body, until and output: DefinitionValidator, in the body's scope
            case ScopeOwner.Machine machine -> { } // its states, transitions and output: DefinitionValidator too
            case ScopeOwner.Dynamic dynamic -> checks.templates(dynamic.tasks(), path + ".dynamic.tasks");
            case StepKind.Wait wait -> {
                for (int i = 0; i < wait.anyOf().size(); i++) {
                    String correlation = wait.anyOf().get(i).correlation();
                    if (correlation != null) {
                        checks.templates(correlation, path + ".wait" + (wait.anyOf().size() == 1 ? ""
                                : ".any_of[" + i + "]") + ".correlation");
                    }
                }
            }
            case StepKind.Approval approval -> checks.templates(approval.prompt(), path + ".approval.prompt");
            case StepKind.Workflow child -> {
                if (step.input() != null && !(step.input() instanceof java.util.Map<?, ?>)
                        && !(step.input() instanceof String s && s.contains("{{"))) {
                    problems.add(path + ".input", "a child workflow's input is an object (or a template giving "
                            + "one), but got " + Problems.describe(step.input()));
                }
            }
            case StepKind.Validate validate -> {
                checks.templates(validate.value(), path + ".validate.value");
                JsonSchemas.problems(validate.schema(), checks.compilesSchemas())
                        .forEach(m -> problems.add(path + ".validate.schema", m));
            }
        }
    }
}
