package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.engine.Command.RecordTaskResult;
import dev.weft.engine.ExecutionEvent.ChildStarted;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sub-workflows (ADR 0009): an attempt of a {@code workflow:} step is a child execution. Starting
 * one is an event and an outbox start; the child's end comes back as the attempt's result, so
 * retries, timeouts, on_error, duplicates and late results follow the rules of any task. What this
 * class adds is the link both ways: the depth bound, the report of a child's end to its parent,
 * and the cancellation of a child its parent no longer waits for.
 */
final class ChildRules {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    ChildRules(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /** A ready workflow step starts its next attempt's child, unless that would go deeper than it may. */
    void start(DecisionBuilder d, String instance, Scope scope, StepDefinition def, StepKind.Workflow child) {
        ExecutionState state = d.state();
        int depth = state.depth() + 1;
        if (depth > child.maxDepth()) {
            failures.stepFailedFinally(d, instance, new ErrorInfo("max_depth_exceeded", "step '" + instance
                    + "' would start workflow '" + child.workflow() + "' as a child " + depth
                    + " levels deep, but its max_depth is " + child.maxDepth(), false));
            return;
        }
        Map<String, Object> input;
        try {
            input = input(def, state, scope);
        } catch (ExpressionException e) {
            // Deterministic: another attempt would fail the same way, so no retry.
            failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error",
                    "steps." + def.id() + ".input: " + e.getMessage(), false));
            return;
        }
        String executionId = state.executionId();
        int attempt = state.step(instance).attempt() + 1;
        String taskId = TaskIds.taskId(executionId, instance, attempt);
        Instant deadline = d.now.plus(def.timeout());
        d.emit(new ChildStarted(instance, attempt, taskId, TaskIds.childExecutionId(taskId), child.workflow(),
                child.version(), input, deadline, d.now));
        d.effect(new Effect.StartWorkflow(child.workflow(), child.version(), input, taskId,
                new ParentLink(executionId, taskId, depth)));
        d.effect(new Effect.StartTimer(TaskIds.timerId(executionId, TimerKind.TASK_DEADLINE, instance, attempt),
                TimerKind.TASK_DEADLINE, instance, attempt, deadline));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> input(StepDefinition def, ExecutionState state, Scope scope) {
        if (def.input() == null) {
            return Map.of();
        }
        Object resolved = expressions.resolve(def.input(), ExpressionContext.of(state, scope));
        if (resolved instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        throw new ExpressionException("expected the child's input to be an object, but it is "
                + (resolved == null ? "null" : resolved.getClass().getSimpleName()));
    }

    /**
     * Once per decision, after everything else: a child whose execution this decision ended reports
     * to its parent; a child this decision stopped waiting for is cancelled — or, started in this
     * same decision, not started at all.
     *
     * @param before  the state the decision started from
     * @param command what the decision was about: the result of a child needs no cancel
     */
    void afterDecision(DecisionBuilder d, ExecutionState before, Command command) {
        ExecutionState state = d.state();
        if (!before.isTerminal() && state.isTerminal() && state.parent() != null) {
            d.effect(report(state));
        }
        if (!d.blueprint.hasChildren()) {
            return;
        }
        for (ExecutionEvent e : d.events()) {
            if (e instanceof ChildStarted started && !stillWaitedFor(state, started.stepId(), started.taskId())) {
                d.withdraw(f -> f instanceof Effect.StartWorkflow w && started.taskId().equals(w.requestId()));
            }
        }
        if (!before.isStarted()) {
            return;
        }
        for (StepState step : before.steps().values()) {
            if (isChildRunning(d, step) && !stillWaitedFor(state, step.stepId(), step.taskId())
                    && !isResultOf(command, state.executionId(), step.taskId())) {
                d.effect(new Effect.CancelChild(TaskIds.childExecutionId(step.taskId()), "parent execution "
                        + state.executionId() + " no longer waits for it: " + why(state, step.stepId())));
            }
        }
    }

    /**
     * How the parent's attempt ends with this child: completed, with its output; failed or timed out,
     * a failure its retry policy may retry; cancelled, a failure it does not (someone stopped it on purpose).
     */
    static Effect.ReportToParent report(ExecutionState child) {
        String who = "child execution " + child.executionId() + " of workflow '" + child.workflow() + "'";
        String cause = child.error() == null ? "" : ": " + child.error().type() + ": " + child.error().message();
        return switch (child.status()) {
            case COMPLETED -> new Effect.ReportToParent(child.parent(), child.executionId(), true, child.output(), null);
            case FAILED -> new Effect.ReportToParent(child.parent(), child.executionId(), false, null,
                    new ErrorInfo(CHILD_FAILED, who + " failed" + cause, true));
            case TIMED_OUT -> new Effect.ReportToParent(child.parent(), child.executionId(), false, null,
                    new ErrorInfo(CHILD_TIMED_OUT, who + " timed out" + cause, true));
            case CANCELLED -> new Effect.ReportToParent(child.parent(), child.executionId(), false, null,
                    new ErrorInfo(CHILD_CANCELLED, who + " was cancelled" + cause, false));
            case RUNNING, PAUSED -> throw new IllegalStateException("Expected an ended child, but "
                    + child.executionId() + " is " + child.status());
        };
    }

    static final String CHILD_FAILED = "child_failed";
    static final String CHILD_TIMED_OUT = "child_timed_out";
    static final String CHILD_CANCELLED = "child_cancelled";

    private static boolean isChildRunning(DecisionBuilder d, StepState step) {
        return step.status() == StepStatus.RUNNING && step.taskId() != null
                && d.blueprint.definitionOf(step.stepId()).kind() instanceof StepKind.Workflow;
    }

    private static boolean stillWaitedFor(ExecutionState state, String instance, String taskId) {
        StepState now = state.steps().get(instance);
        return now != null && now.status() == StepStatus.RUNNING && taskId.equals(now.taskId());
    }

    private static boolean isResultOf(Command command, String executionId, String taskId) {
        return command instanceof RecordTaskResult r
                && TaskIds.taskId(executionId, r.stepId(), r.attempt()).equals(taskId);
    }

    private static String why(ExecutionState state, String instance) {
        if (state.isTerminal()) {
            return "it ended " + state.status();
        }
        StepState now = state.step(instance);
        return "step '" + instance + "' is " + now.status()
                + (now.error() != null && now.status() != StepStatus.COMPLETED ? " (" + now.error().type() + ")" : "");
    }
}
