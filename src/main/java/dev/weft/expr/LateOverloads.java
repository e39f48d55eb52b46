package dev.weft.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelLateFunctionBindings;

import java.util.List;
import java.util.Optional;

/**
 * What CEL's interpreter asks when no bound overload takes a call's arguments: the late-bound
 * numeric overloads ({@link NumericOverloads#lateBindings()}) and otherwise an error that names
 * the operator and the argument types, which CEL's own message does not. Stateless.
 */
final class LateOverloads implements CelFunctionResolver {
    static final LateOverloads INSTANCE = new LateOverloads();

    private final CelLateFunctionBindings numeric = NumericOverloads.lateBindings();

    private LateOverloads() {}

    // Raw Optional: the element type, ResolvedOverload, is not public in cel-java, only this interface is.
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Optional findOverload(String function, List<String> overloadIds, Object[] args)
            throws CelEvaluationException {
        Optional found = numeric.findOverload(function, overloadIds, args);
        if (found.isPresent()) return found;
        throw new IllegalArgumentException(OperatorErrors.atRunTime(function, args));
    }
}
