package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.engine.Command.SignalExecution;
import dev.weft.engine.ExecutionEvent.*;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wait:} steps wait for a named event like a sleep waits for its timer: RUNNING without a
 * task (no {@code max_parallel} slot), with an optional timeout timer. Signals are recorded as they
 * arrive ({@code SignalReceived}); the first waiting step that matches one consumes it
 * ({@code WaitCompleted}), and one that nobody waits for yet stays in the execution's inbox until a
 * wait for it starts. A signal matches an awaited event of the same name when it names no
 * correlation key, or the same key the wait resolved. While paused a signal still completes its
 * wait (like a task result in flight, ADR 0006); what follows is dispatched on the resume.
 */
final class Waits {
    static final String KIND = "wait";
    /** Signals recorded per execution at most: every input from outside has a bound. */
    static final int MAX_SIGNALS = 1_000;

    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    Waits(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /** A ready wait step starts waiting, and consumes at once a signal that came before it. */
    void start(DecisionBuilder d, String instance, Scope scope, StepDefinition def, StepKind.Wait wait) {
        List<WaitStarted.Awaited> awaited = new ArrayList<>();
        for (int i = 0; i < wait.anyOf().size(); i++) {
            StepKind.Wait.Awaited a = wait.anyOf().get(i);
            try {
                awaited.add(new WaitStarted.Awaited(a.event(), correlation(a.correlation(), d, scope)));
            } catch (ExpressionException e) {
                failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error", "steps." + def.id() + ".wait"
                        + (wait.anyOf().size() == 1 ? "" : ".any_of[" + i + "]") + ".correlation: "
                        + e.getMessage(), false));
                return;
            }
        }
        int attempt = d.state().step(instance).attempt() + 1;
        Instant timeoutAt = wait.timeout() == null ? null : d.now.plus(wait.timeout());
        d.emit(new WaitStarted(instance, attempt, awaited, timeoutAt, d.now));
        if (timeoutAt != null) {
            d.effect(new Effect.StartTimer(timerId(d, instance, attempt), TimerKind.WAIT_TIMEOUT, instance, attempt,
                    timeoutAt));
        }
        for (Signals.Received signal : d.state().signals().inbox()) {
            int index = match(awaited, signal);
            if (index >= 0) {
                complete(d, instance, signal, index);
                return;
            }
        }
    }

    /** A signal arrived: recorded, then consumed by the first waiting step instance (in creation order) it matches. */
    void receive(DecisionBuilder d, SignalExecution c) {
        ExecutionState state = d.state();
        if (state.isTerminal()) {
            throw new CommandRejectedException("Expected a running or paused execution to signal, but it is already "
                    + state.status());
        }
        if (state.signals().seen(c.signalId())) {
            return; // a repeated signal: the first one was recorded
        }
        if (state.signals().received() >= MAX_SIGNALS) {
            throw new CommandRejectedException("Expected at most " + MAX_SIGNALS + " signals per execution, but "
                    + state.executionId() + " has received that many already");
        }
        d.emit(new SignalReceived(c.signalId(), c.event(), c.correlation(), c.payload(), c.sentBy(), d.now));
        Signals.Received signal = d.state().signals().inbox().getLast();
        for (StepState step : d.state().steps().values()) {
            if (isWaiting(step) && d.blueprint.definitionOf(step.stepId()).kind() instanceof StepKind.Wait) {
                int index = match(awaited(step), signal);
                if (index >= 0) {
                    complete(d, step.stepId(), signal, index);
                    return;
                }
            }
        }
    }

    /** The attempt's timeout: it fails like a timed-out task (retry, then on_error), unless it is early or stale. */
    void timedOut(DecisionBuilder d, String stepId, int attempt) {
        StepState step = d.state().step(stepId);
        if (!isWaiting(step) || step.attempt() != attempt || step.deadline() == null) {
            return;
        }
        if (d.now.isBefore(step.deadline())) {
            d.effect(new Effect.StartTimer(timerId(d, stepId, attempt), TimerKind.WAIT_TIMEOUT, stepId, attempt,
                    step.deadline()));
            return;
        }
        StepKind kind = d.blueprint.definitionOf(stepId).kind();
        d.emit(new WaitTimedOut(stepId, attempt, kind instanceof StepKind.Approval ? WaitTimedOut.APPROVAL
                : WaitTimedOut.WAIT, d.now));
        failures.attemptFailed(d, stepId);
    }

    private static void complete(DecisionBuilder d, String stepId, Signals.Received signal, int index) {
        StepState step = d.state().step(stepId);
        if (step.deadline() != null) {
            d.effect(new Effect.CancelTimer(timerId(d, stepId, step.attempt())));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("event", signal.event());
        output.put("correlation", awaited(step).get(index).correlation());
        output.put("index", (long) index);
        output.put("payload", signal.payload());
        output.put("received_at", signal.at().toString());
        d.emit(new WaitCompleted(stepId, signal.sequence(), signal.event(), index, output, d.now));
    }

    /** The index of the first awaited event the signal matches, or -1. */
    private static int match(List<WaitStarted.Awaited> awaited, Signals.Received signal) {
        for (int i = 0; i < awaited.size(); i++) {
            WaitStarted.Awaited a = awaited.get(i);
            if (a.event().equals(signal.event())
                    && (signal.correlation() == null || signal.correlation().equals(a.correlation()))) {
                return i;
            }
        }
        return -1;
    }

    /** RUNNING without a task: a wait or approval (or a sleep, which callers tell apart by kind). */
    static boolean isWaiting(StepState step) {
        return step.status() == StepStatus.RUNNING && step.taskId() == null;
    }

    private String correlation(String template, DecisionBuilder d, Scope scope) {
        if (template == null) {
            return null;
        }
        Object value = expressions.resolve(template, ExpressionContext.of(d.state(), scope));
        return switch (value) {
            case String s when !s.isBlank() -> s;
            case Long n -> n.toString();
            case Integer n -> n.toString();
            case null, default -> throw new ExpressionException("expected a correlation key (a non-empty string or an "
                    + "integer), but got " + Values.describe(value));
        };
    }

    private static String timerId(DecisionBuilder d, String stepId, int attempt) {
        return TaskIds.timerId(d.state().executionId(), TimerKind.WAIT_TIMEOUT, stepId, attempt);
    }

    static final String WAITING_FOR = "waiting_for";

    /** What a waiting step shows as its input: the events (with resolved keys) and its timeout. */
    static Map<String, Object> describe(WaitStarted e) {
        List<Object> events = new ArrayList<>();
        for (WaitStarted.Awaited a : e.anyOf()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("event", a.event());
            one.put("correlation", a.correlation());
            events.add(one);
        }
        Map<String, Object> what = new LinkedHashMap<>();
        what.put(WAITING_FOR, events);
        what.put("timeout_at", e.timeoutAt() == null ? null : e.timeoutAt().toString());
        return what;
    }

    /** Read back from the step's input, which {@link #describe} wrote. */
    @SuppressWarnings("unchecked")
    private static List<WaitStarted.Awaited> awaited(StepState step) {
        List<WaitStarted.Awaited> out = new ArrayList<>();
        for (Object o : (List<Object>) ((Map<String, Object>) step.input()).get(WAITING_FOR)) {
            Map<String, Object> one = (Map<String, Object>) o;
            out.add(new WaitStarted.Awaited((String) one.get("event"), (String) one.get("correlation")));
        }
        return out;
    }

    static ErrorInfo timeoutError(WaitTimedOut e) {
        return WaitTimedOut.APPROVAL.equals(e.kind())
                ? ErrorInfo.of("approval_timeout", "attempt " + e.attempt() + " had no decision by its timeout")
                : ErrorInfo.of("wait_timeout", "attempt " + e.attempt() + " received no awaited event by its timeout");
    }
}
