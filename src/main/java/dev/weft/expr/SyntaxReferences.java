package dev.weft.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.weft.expr.CelExpressionEvaluator.CaseReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an expression's syntax tree refers to: the steps it reads and the switch cases it compares
 * with. Apart from {@link CelExpressionEvaluator} because these are definition-time questions
 * about the tree alone, answered without evaluating anything (text inside string literals does
 * not count).
 */
final class SyntaxReferences {

    private SyntaxReferences() {
    }

    /** The step ids read through {@code steps.<id>} or {@code steps['<id>']}. */
    static Set<String> steps(CelAbstractSyntaxTree ast) {
        Set<String> ids = new TreeSet<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            switch (expr.exprKind().getKind()) {
                case SELECT -> {
                    CelExpr.CelSelect select = expr.select();
                    if (isStepsRoot(select.operand())) ids.add(select.field());
                }
                case CALL -> {
                    CelExpr.CelCall call = expr.call();
                    if (call.function().equals("_[_]") && call.args().size() == 2 && isStepsRoot(call.args().get(0))
                            && call.args().get(1).exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && call.args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                        ids.add(call.args().get(1).constant().stringValue());
                    }
                }
                default -> { }
            }
        });
        return ids;
    }

    /**
     * The comparisons {@code steps.s.output.case == 'x'} (or {@code !=}, either side) and
     * {@code 'x' in steps.s.output.cases}.
     */
    static List<CaseReference> cases(CelAbstractSyntaxTree ast) {
        List<CaseReference> out = new ArrayList<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
            CelExpr expr = node.expr();
            if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.CALL) return;
            CelExpr.CelCall call = expr.call();
            if (call.args().size() != 2) return;
            CelExpr left = call.args().get(0);
            CelExpr right = call.args().get(1);
            switch (call.function()) {
                case "_==_", "_!=_" -> {
                    caseReference(left, right, "case").ifPresent(out::add);
                    caseReference(right, left, "case").ifPresent(out::add);
                }
                case "@in" -> caseReference(right, left, "cases").ifPresent(out::add);
                default -> { }
            }
        });
        return out;
    }

    /** {@code steps.<id>.output.<field>} compared with a string literal. */
    private static Optional<CaseReference> caseReference(CelExpr path, CelExpr literal, String field) {
        if (literal.exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || literal.constant().getKind() != CelConstant.Kind.STRING_VALUE
                || path.exprKind().getKind() != CelExpr.ExprKind.Kind.SELECT
                || !path.select().field().equals(field)) {
            return Optional.empty();
        }
        CelExpr output = path.select().operand();
        if (output.exprKind().getKind() != CelExpr.ExprKind.Kind.SELECT || !output.select().field().equals("output")) {
            return Optional.empty();
        }
        CelExpr step = output.select().operand();
        if (step.exprKind().getKind() != CelExpr.ExprKind.Kind.SELECT || !isStepsRoot(step.select().operand())) {
            return Optional.empty();
        }
        return Optional.of(new CaseReference(step.select().field(), literal.constant().stringValue()));
    }

    private static boolean isStepsRoot(CelExpr expr) {
        return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals("steps");
    }
}
