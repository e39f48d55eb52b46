package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.RoundEnded;
import dev.weft.engine.ExecutionEvent.RoundStarted;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import dev.weft.expr.ExpressionEvaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loop's rounds, one owner kind of {@link ScopeRules} in its own class: the scope of a round, and
 * the {@code until} that, once a round has ended, ends the loop or starts its next round.
 */
final class LoopRounds {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;
    private final IterationOutputs outputs;

    LoopRounds(ExpressionEvaluator expressions, FailureRules failures, IterationOutputs outputs) {
        this.expressions = expressions;
        this.failures = failures;
        this.outputs = outputs;
    }

    /** A ready loop starts round 1. */
    static void open(DecisionBuilder d, String instance) {
        d.emit(new RoundStarted(instance, 1, d.now));
    }

    /** Once the current round has ended: the next round, or the loop's end (until held, or the bound). */
    boolean close(DecisionBuilder d, ScopeRules.Owner owner, ScopeOwner.Loop loop) {
        StepState o = owner.state();
        StepDefinition def = owner.def();
        Scope round = round(d.state(), owner.scope(), owner.key(), loop, o.attempt());
        if (!ScopeRules.ended(d.state(), round)) {
            return false;
        }
        String failed = ScopeRules.failedIn(d.state(), round);
        if (failed != null) {
            failures.ownerFailed(d, owner.key(), failed, d.state().step(failed).error());
            return true;
        }
        boolean holds;
        switch (ConditionOutcome.of(expressions, loop.until(), ExpressionContext.of(d.state(), round),
                "steps." + def.id() + ".loop.until")) {
            case ConditionOutcome.Failed f -> {
                failures.stepFailedFinally(d, owner.key(), f.error());
                return true;
            }
            case ConditionOutcome.Holds h -> holds = h.value();
        }
        int r = o.attempt();
        String outcome = holds ? RoundEnded.UNTIL : r >= loop.maxIterations() ? RoundEnded.MAX_ITERATIONS
                : RoundEnded.AGAIN;
        d.emit(new RoundEnded(owner.key(), r, loop.until(), holds, outcome, d.now));
        if (outcome.equals(RoundEnded.AGAIN)) {
            d.emit(new RoundStarted(owner.key(), r + 1, d.now));
            return true;
        }
        Object output = outputs.of(d, round, loop, def);
        if (!d.state().step(owner.key()).status().isEnded()) {
            d.emit(new StepEvaluated(owner.key(), ScopeRules.LOOP, output, d.now));
        }
        return true;
    }

    /** Round {@code round} of the loop instance {@code owner}, binding {@code round} and {@code previous}. */
    static Scope round(ExecutionState state, Scope parent, String owner, ScopeOwner.Loop loop, int round) {
        Map<String, Object> previous = new LinkedHashMap<>();
        if (round > 1) {
            String before = TaskIds.round(owner, round - 1);
            for (StepDefinition s : loop.steps()) {
                previous.put(s.id(), ExpressionContext.view(state.step(TaskIds.inScope(before, s.id()))));
            }
        }
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("round", (long) round);
        bindings.put("previous", previous);
        return new Scope(TaskIds.round(owner, round), owner, loop.steps(), false, bindings, parent);
    }
}
