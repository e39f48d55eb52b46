package dev.weft.definition;

import dev.weft.expr.CelExpressionEvaluator;
import dev.weft.expr.ExpressionException;

import java.util.List;
import java.util.Map;

/** A guard comparing a switch's case with a name the switch does not have would never be true: refused. */
final class CaseNames {
    private CaseNames() {}

    /** @param index each of {@code steps}' ids → its position */
    static void check(String when, String path, List<StepDefinition> steps, Map<String, Integer> index,
                      Problems problems) {
        List<CelExpressionEvaluator.CaseReference> references;
        try {
            references = CelExpressionEvaluator.caseReferences(when);
        } catch (ExpressionException e) {
            return; // already reported by ExpressionChecks.expression
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
}
