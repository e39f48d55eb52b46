package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.SleepStarted;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code sleep:} steps wait durably: a ready sleep step starts a timer (SleepStarted, RUNNING
 * without a task, so it takes no {@code max_parallel} slot) and completes when it fires, with
 * {@code {slept_until}} as its output. The timer is a row like any other, so a restart, a pause
 * (it is deferred to the resume) or another replica changes nothing.
 */
final class Sleeps {
    static final String KIND = "sleep";

    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    Sleeps(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    void fallAsleep(DecisionBuilder d, String instance, Scope scope, StepDefinition def, StepKind.Sleep sleep) {
        Instant until;
        try {
            until = sleep.duration() != null ? d.now.plus(sleep.duration()) : until(sleep.until(), d, scope);
        } catch (ExpressionException e) {
            failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error",
                    "steps." + def.id() + ".sleep.until: " + e.getMessage(), false));
            return;
        }
        if (!until.isAfter(d.now)) {
            d.emit(new StepEvaluated(instance, KIND, output(until), d.now)); // the moment has passed already
            return;
        }
        d.emit(new SleepStarted(instance, until, d.now));
        d.effect(new Effect.StartTimer(TaskIds.timerId(d.state().executionId(), TimerKind.SLEEP, instance, 0),
                TimerKind.SLEEP, instance, 0, until));
    }

    /** The step's timer fired: it completes, unless it is early (a timer that raced) or the step moved on. */
    static void wakeUp(DecisionBuilder d, String stepId) {
        StepState step = d.state().step(stepId);
        if (step.status() != StepStatus.RUNNING || step.taskId() != null || step.deadline() == null) {
            return;
        }
        if (d.now.isBefore(step.deadline())) {
            d.effect(new Effect.StartTimer(TaskIds.timerId(d.state().executionId(), TimerKind.SLEEP, stepId, 0),
                    TimerKind.SLEEP, stepId, 0, step.deadline()));
            return;
        }
        d.emit(new StepEvaluated(stepId, KIND, output(step.deadline()), d.now));
    }

    private Instant until(String template, DecisionBuilder d, Scope scope) {
        Object value = expressions.resolve(template, ExpressionContext.of(d.state(), scope));
        if (!(value instanceof String text)) {
            throw new ExpressionException("expected an RFC 3339 instant like 2031-01-01T09:00:00Z, but got "
                    + Values.describe(value));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ExpressionException("expected an RFC 3339 instant like 2031-01-01T09:00:00Z, but got '"
                    + text + "'");
        }
    }

    private static Map<String, Object> output(Instant until) {
        return Map.of("slept_until", until.toString());
    }
}
