package dev.weft.api.grpc;

import dev.weft.api.v1.RolloutFlag;
import dev.weft.api.v1.RolloutFlagChange;
import dev.weft.api.v1.RolloutPhase;
import dev.weft.api.v1.RolloutScope;
import dev.weft.api.v1.WorkflowClass;
import dev.weft.engine.RolloutDecision;
import dev.weft.rollout.FlagChange;
import dev.weft.rollout.ResolvedFlag;

/** The rollout flag's values and changes as the API shows them, and its phases both ways. */
final class RolloutViews {
    private RolloutViews() {
    }

    static RolloutFlag flag(String workflow, ResolvedFlag f) {
        RolloutFlag.Builder b = RolloutFlag.newBuilder()
                .setFlag(dev.weft.rollout.RolloutFlag.NAME)
                .setWorkflow(workflow)
                .setPhase(phase(f.value().phase()))
                .setPercentage(f.value().percentage())
                .setScope(scope(f.scope()));
        if (f.source() != null) {
            b.setSetBy(f.source().setBy()).setSetAt(ExecutionViews.ts(f.source().setAt()));
        }
        return b.build();
    }

    /** A value set in a tenant, with the scope it was set in. */
    static RolloutFlag flag(FlagChange c) {
        return flag(c.workflow(), new ResolvedFlag(c.value(),
                c.isTenantWide() ? RolloutDecision.TENANT : RolloutDecision.WORKFLOW, c));
    }

    static RolloutFlagChange change(FlagChange c) {
        RolloutFlagChange.Builder b = RolloutFlagChange.newBuilder()
                .setWorkflow(c.workflow())
                .setSetBy(c.setBy())
                .setSetAt(ExecutionViews.ts(c.setAt()));
        if (c.value() != null) {
            b.setPhase(phase(c.value().phase())).setPercentage(c.value().percentage());
        }
        return b.build();
    }

    static RolloutPhase phase(dev.weft.rollout.RolloutPhase p) {
        return switch (p) {
            case OFF -> RolloutPhase.ROLLOUT_PHASE_OFF;
            case SHADOW -> RolloutPhase.ROLLOUT_PHASE_SHADOW;
            case SIMPLE -> RolloutPhase.ROLLOUT_PHASE_SIMPLE;
            case COMPLEX -> RolloutPhase.ROLLOUT_PHASE_COMPLEX;
            case ON -> RolloutPhase.ROLLOUT_PHASE_ON;
        };
    }

    /** The phase a request names; INVALID_ARGUMENT naming {@code phase} when it names none. */
    static dev.weft.rollout.RolloutPhase phase(RolloutPhase p) {
        return switch (p) {
            case ROLLOUT_PHASE_OFF -> dev.weft.rollout.RolloutPhase.OFF;
            case ROLLOUT_PHASE_SHADOW -> dev.weft.rollout.RolloutPhase.SHADOW;
            case ROLLOUT_PHASE_SIMPLE -> dev.weft.rollout.RolloutPhase.SIMPLE;
            case ROLLOUT_PHASE_COMPLEX -> dev.weft.rollout.RolloutPhase.COMPLEX;
            case ROLLOUT_PHASE_ON -> dev.weft.rollout.RolloutPhase.ON;
            case ROLLOUT_PHASE_UNSPECIFIED -> throw GrpcErrors.invalid("phase: required, one of "
                    + dev.weft.rollout.RolloutPhase.keywords());
            case UNRECOGNIZED -> throw GrpcErrors.invalid("phase: unknown value; expected one of "
                    + dev.weft.rollout.RolloutPhase.keywords());
        };
    }

    private static RolloutScope scope(String scope) {
        return switch (scope) {
            case RolloutDecision.WORKFLOW -> RolloutScope.ROLLOUT_SCOPE_WORKFLOW;
            case RolloutDecision.TENANT -> RolloutScope.ROLLOUT_SCOPE_TENANT;
            case RolloutDecision.DEFAULT -> RolloutScope.ROLLOUT_SCOPE_DEFAULT;
            default -> throw new IllegalArgumentException("Expected the scope of a stored or default value, but got '"
                    + scope + "'");
        };
    }

    static WorkflowClass workflowClass(dev.weft.definition.WorkflowClass c) {
        return switch (c) {
            case LINEAR -> WorkflowClass.WORKFLOW_CLASS_LINEAR;
            case PARALLEL -> WorkflowClass.WORKFLOW_CLASS_PARALLEL;
            case CONDITIONAL -> WorkflowClass.WORKFLOW_CLASS_CONDITIONAL;
            case ADVANCED -> WorkflowClass.WORKFLOW_CLASS_ADVANCED;
        };
    }
}
