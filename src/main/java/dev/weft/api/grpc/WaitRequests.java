package dev.weft.api.grpc;

import dev.weft.agents.LivenessMonitor;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.ListApprovalsResponse;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.SignalDelivery;
import dev.weft.api.v1.SignalExecutionRequest;
import dev.weft.api.v1.SignalExecutionResponse;
import dev.weft.definition.StepKind;
import dev.weft.engine.Command;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.SignalRules;
import dev.weft.runtime.Waiting;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** SignalExecution, ListApprovals and DecideApproval: requests checked field by field, then handed to {@link Waiting}. */
@ApplicationScoped
class WaitRequests {
    static final int MAX_KEY = SignalRules.MAX_KEY;
    static final int MAX_COMMENT = 1000;

    @Inject
    Waiting waiting;
    @Inject
    ExecutionRuntime runtime;
    @Inject
    LivenessMonitor liveness;

    Uni<SignalExecutionResponse> signal(String tenant, SignalExecutionRequest r) {
        String caller = Callers.current().orElse(null);
        String problem = signalProblem(r, caller);
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        Command.SignalExecution signal = new Command.SignalExecution(blankToNull(r.getSignalId()), r.getEvent(),
                blankToNull(r.getCorrelation()), r.hasPayload() ? ValueMapper.toJava(r.getPayload()) : null, caller);
        Uni<List<Waiting.Delivery>> deliveries = r.getExecutionId().isEmpty()
                ? waiting.signalByCorrelation(tenant, signal)
                : waiting.signal(tenant, r.getExecutionId(), signal).map(List::of);
        return deliveries.map(list -> {
            SignalExecutionResponse.Builder b = SignalExecutionResponse.newBuilder();
            list.forEach(d -> b.addDeliveries(SignalDelivery.newBuilder().setExecutionId(d.executionId())
                    .setDuplicate(d.duplicate())));
            return b.build();
        });
    }

    private static String signalProblem(SignalExecutionRequest r, String caller) {
        String problem = SignalRules.problem(r.getEvent(), r.getExecutionId(), r.getCorrelation(), r.getSignalId());
        return problem != null || caller == null ? problem : Callers.problem(caller);
    }

    Uni<ListApprovalsResponse> list(String tenant, ListApprovalsRequest r) {
        int size = r.getPageSize() == 0 ? 100 : r.getPageSize();
        if (size < 0 || size > 500) {
            return Uni.createFrom().failure(GrpcErrors.invalid("page_size: expected 0..500, but got "
                    + r.getPageSize()));
        }
        return waiting.pendingApprovals(tenant, blankToNull(r.getWorkflow()), size).map(found -> {
            ListApprovalsResponse.Builder b = ListApprovalsResponse.newBuilder();
            for (dev.weft.runtime.PendingApproval a : found) {
                PendingApproval.Builder p = PendingApproval.newBuilder().setExecutionId(a.executionId())
                        .setWorkflow(a.workflow()).setStepId(a.stepId()).setAttempt(a.attempt())
                        .setPrompt(a.prompt()).addAllApprovers(a.approvers()).setSince(ExecutionViews.ts(a.since()));
                if (a.timeoutAt() != null) {
                    p.setTimeoutAt(ExecutionViews.ts(a.timeoutAt()));
                }
                b.addApprovals(p);
            }
            return b.build();
        });
    }

    Uni<Execution> decide(String tenant, DecideApprovalRequest r) {
        String caller = Callers.current().orElse(null);
        String problem = decideProblem(r, caller);
        if (problem != null) {
            return Uni.createFrom().failure(GrpcErrors.invalid(problem));
        }
        return runtime.snapshot(r.getExecutionId()).chain(s -> {
            if (!s.state().tenant().equals(tenant)) {
                return Uni.createFrom().failure(new dev.weft.runtime.ExecutionNotFoundException(r.getExecutionId()));
            }
            // An instance key (review, per_section[2].approve, refine#2.sign_off): the one the execution has.
            var step = s.state().steps().containsKey(r.getStepId())
                    ? dev.weft.engine.Blueprint.of(s.definition(), s.state()).definitionOf(r.getStepId()) : null;
            if (step == null || !(step.kind() instanceof StepKind.Approval)) {
                return Uni.createFrom().failure(GrpcErrors.invalid("step_id: '"
                        + RequestFields.clip(r.getStepId()) + "' is "
                        + (step == null ? "no step (instance) of this execution" : "a " + step.kind().keyword()
                        + " step, not an approval step") + " of workflow " + s.definition().name()));
            }
            boolean approve = r.getDecision() == dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_APPROVE;
            return waiting.decide(tenant, r.getExecutionId(), new Command.DecideApproval(r.getStepId(), approve, caller,
                    blankToNull(r.getComment()))).chain(() -> runtime.snapshot(r.getExecutionId()))
                    .map(after -> ExecutionViews.execution(after.state(), after.definition(), null, liveness.view()));
        });
    }

    private static String decideProblem(DecideApprovalRequest r, String caller) {
        if (r.getExecutionId().isEmpty()) {
            return "execution_id: required";
        }
        if (RequestFields.executionIdProblem(r.getExecutionId()) != null) {
            return RequestFields.executionIdProblem(r.getExecutionId());
        }
        if (r.getStepId().isEmpty()) {
            return "step_id: required";
        }
        if (r.getDecision() != dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_APPROVE
                && r.getDecision() != dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_REJECT) {
            return "decision: required, APPROVAL_DECISION_APPROVE or APPROVAL_DECISION_REJECT";
        }
        if (r.getComment().length() > MAX_COMMENT) {
            return "comment: at most " + MAX_COMMENT + " characters, but got " + r.getComment().length();
        }
        if (caller == null) {
            // Who decided is the point of an approval's history: it must be named.
            return "x-weft-caller: required to decide an approval (the caller's identity)";
        }
        return Callers.problem(caller);
    }



    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
