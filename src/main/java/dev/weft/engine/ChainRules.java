package dev.weft.engine;

import dev.weft.definition.WorkflowDefinition.Chain;
import dev.weft.engine.ExecutionEvent.WorkflowChained;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chaining: when an execution ends, the workflows its definition lists under {@code on_complete}
 * (it completed) or {@code on_failure} (it failed or timed out) are started with their mapped
 * input, each recorded as {@link WorkflowChained} and started through the outbox with a request
 * id that makes a repeated start return the first execution. A cancelled execution chains
 * nothing: someone stopped it on purpose. Chains of chains are bounded by {@link #MAX_DEPTH}, so
 * two workflows that chain each other cannot run forever. A shadow execution (ADR 0015) records
 * what it would start, refused, and starts nothing: acting on its result is what shadow forbids.
 */
final class ChainRules {
    static final int MAX_DEPTH = 10;
    static final String ON_COMPLETE = "on_complete";
    static final String ON_FAILURE = "on_failure";
    static final String SHADOW_REFUSAL = "a shadow execution starts no chained workflow (ADR 0015)";

    private final ExpressionEvaluator expressions;

    ChainRules(ExpressionEvaluator expressions) {
        this.expressions = expressions;
    }

    /** Called once per decision; acts only when this decision ended the execution. */
    void afterDecision(DecisionBuilder d, boolean endedBefore) {
        ExecutionState state = d.state();
        if (endedBefore || !state.isTerminal()) {
            return;
        }
        switch (state.status()) {
            case COMPLETED -> chain(d, ON_COMPLETE, d.definition.chaining().onComplete(), "output", state.output());
            case FAILED, TIMED_OUT -> chain(d, ON_FAILURE, d.definition.chaining().onFailure(), "error",
                    error(state.error()));
            case CANCELLED, RUNNING, PAUSED -> {
            }
        }
    }

    private void chain(DecisionBuilder d, String on, List<Chain> chains, String root, Object value) {
        if (chains.isEmpty()) {
            return;
        }
        ExecutionState state = d.state();
        long end = state.sequence();
        int depth = TaskIds.chainDepth(state.requestId()) + 1;
        Map<String, Object> context = new LinkedHashMap<>(ExpressionContext.of(state));
        context.put(root, value);
        for (int i = 0; i < chains.size(); i++) {
            Chain chain = chains.get(i);
            String requestId = TaskIds.chainRequestId(depth, state.executionId(), on, end, i);
            if (depth > MAX_DEPTH) {
                d.emit(new WorkflowChained(on, i, chain.workflow(), requestId, null, "the chain is " + MAX_DEPTH
                        + " workflows deep already; a longer one is taken for a cycle", d.now));
                continue;
            }
            Map<String, Object> input;
            try {
                input = input(chain, state, root, value, context);
            } catch (ExpressionException e) {
                d.emit(new WorkflowChained(on, i, chain.workflow(), requestId, null,
                        on + "[" + i + "].input: " + e.getMessage(), d.now));
                continue;
            }
            if (state.shadow()) {
                d.emit(new WorkflowChained(on, i, chain.workflow(), requestId, input, SHADOW_REFUSAL, d.now));
                continue;
            }
            d.emit(new WorkflowChained(on, i, chain.workflow(), requestId, input, null, d.now));
            d.effect(new Effect.StartWorkflow(chain.workflow(), input, requestId));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> input(Chain chain, ExecutionState state, String root, Object value,
                                      Map<String, Object> context) {
        if (chain.input() == null) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("execution_id", state.executionId());
            input.put("workflow", state.workflow());
            input.put(root, value);
            return input;
        }
        Object resolved = expressions.resolve(chain.input(), context);
        if (resolved instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ExpressionException("expected the input to be an object, but it is "
                + (resolved == null ? "null" : resolved.getClass().getSimpleName()));
    }

    private static Map<String, Object> error(ErrorInfo error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", error == null ? null : error.type());
        out.put("message", error == null ? null : error.message());
        return out;
    }
}
