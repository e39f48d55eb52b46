package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.engine.Command.DecideApproval;
import dev.weft.engine.ExecutionEvent.ApprovalDecided;
import dev.weft.engine.ExecutionEvent.ApprovalRequested;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code approval:} steps wait for a person's decision: RUNNING without a task while pending, with
 * an optional timeout timer (handled by {@link Waits#timedOut}, error {@code approval_timeout}).
 * Approved, the step completes with {@code {approved, by, at, comment}}; rejected, it fails for good
 * with {@code approval_rejected} (another attempt would only ask the same person again) and its
 * on_error applies. Only a listed approver may decide, and only once. A decision while paused is
 * recorded and completes the step; what follows is dispatched on the resume (ADR 0006).
 */
final class Approvals {
    static final String KIND = "approval";

    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    Approvals(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    void request(DecisionBuilder d, String instance, Scope scope, StepDefinition def, StepKind.Approval approval) {
        String prompt;
        try {
            Object value = expressions.resolve(approval.prompt(), ExpressionContext.of(d.state(), scope));
            prompt = value instanceof String s ? s : String.valueOf(value);
        } catch (ExpressionException e) {
            failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error",
                    "steps." + def.id() + ".approval.prompt: " + e.getMessage(), false));
            return;
        }
        int attempt = d.state().step(instance).attempt() + 1;
        Instant timeoutAt = approval.timeout() == null ? null : d.now.plus(approval.timeout());
        d.emit(new ApprovalRequested(instance, attempt, prompt, approval.approvers(), timeoutAt, d.now));
        if (timeoutAt != null) {
            d.effect(new Effect.StartTimer(TaskIds.timerId(d.state().executionId(), TimerKind.WAIT_TIMEOUT, instance,
                    attempt), TimerKind.WAIT_TIMEOUT, instance, attempt, timeoutAt));
        }
    }

    void decide(DecisionBuilder d, DecideApproval c) {
        ExecutionState state = d.state();
        if (state.isTerminal()) {
            throw new CommandRejectedException("Expected a running or paused execution to decide an approval of, "
                    + "but it is already " + state.status());
        }
        StepDefinition def = state.steps().containsKey(c.stepId()) ? d.blueprint.definitionOf(c.stepId()) : null;
        if (def == null || !(def.kind() instanceof StepKind.Approval approval)) {
            throw new CommandRejectedException("Expected an approval step, but '" + c.stepId() + "' is "
                    + (def == null ? "no step of workflow " + d.definition.name() : "a " + def.kind().keyword()
                    + " step"));
        }
        StepState step = state.step(c.stepId());
        if (!Waits.isWaiting(step)) {
            throw new CommandRejectedException("Expected a pending approval at step '" + c.stepId() + "', but it is "
                    + step.status() + (step.status().isEnded() ? " (already decided, or ended otherwise)"
                    : " (not asked yet)"));
        }
        if (!approval.approvers().isEmpty() && !approval.approvers().contains(c.by())) {
            throw new ApprovalRefusedException("Expected one of the approvers of step '" + c.stepId() + "' ("
                    + String.join(", ", approval.approvers()) + "), but the caller is "
                    + (c.by() == null ? "not named" : "'" + c.by() + "'"));
        }
        if (step.deadline() != null) {
            d.effect(new Effect.CancelTimer(TaskIds.timerId(state.executionId(), TimerKind.WAIT_TIMEOUT, c.stepId(),
                    step.attempt())));
        }
        String comment = c.comment() == null || c.comment().isBlank() ? null : c.comment();
        d.emit(new ApprovalDecided(c.stepId(), step.attempt(), c.approved(), c.by(), comment, d.now));
        if (!c.approved()) {
            failures.stepFailedFinally(d, c.stepId(), d.state().step(c.stepId()).error());
        }
    }

    /** What a pending approval shows as its input. */
    static Map<String, Object> describe(ApprovalRequested e) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("prompt", e.prompt());
        what.put("approvers", e.approvers());
        what.put("timeout_at", e.timeoutAt() == null ? null : e.timeoutAt().toString());
        return what;
    }

    static Map<String, Object> output(ApprovalDecided e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approved", true);
        out.put("by", e.by());
        out.put("at", e.at().toString());
        out.put("comment", e.comment());
        return out;
    }

    static ErrorInfo rejection(ApprovalDecided e) {
        return new ErrorInfo("approval_rejected", "rejected by " + (e.by() == null ? "an unnamed caller" : e.by())
                + (e.comment() == null ? "" : ": " + e.comment()), false);
    }
}
