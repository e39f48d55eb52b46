package dev.weft.expr;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction.Overload.Arithmetic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A CEL environment for one set of root variables (all typed dyn) plus a bounded cache of
 * compiled programs keyed by expression text. Compiling costs far more than evaluating, and the
 * same few expressions are evaluated for every execution.
 */
final class CelPrograms {
    static final int MAX_EXPRESSION_LENGTH = 2_000;
    /** Shared by all comprehensions (map, filter, all, exists) of one evaluation. */
    static final int MAX_ITERATIONS = 10_000;
    /** Caps string and list concatenation, which could otherwise double a value per step. */
    static final int MAX_CONCAT_LENGTH = 1 << 20;

    /** Standard run-time overloads bound here instead, under the same ids. */
    private static final Set<Arithmetic> REPLACED =
            Set.of(Arithmetic.ADD_STRING, Arithmetic.ADD_LIST, Arithmetic.DIVIDE_INT64, Arithmetic.DIVIDE_DOUBLE);

    private final Cel cel;
    private final ConcurrentHashMap<String, CelRuntime.Program> cache = new ConcurrentHashMap<>();
    private final int maxCached;

    CelPrograms(Collection<String> roots, int maxCached) {
        this.cel = build(roots);
        this.maxCached = maxCached;
    }

    private static Cel build(Collection<String> roots) {
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxRegexProgramSize(1_000)
                // The declarations below include these comparisons already; the flag says so to
                // the parts of CEL that consult it.
                .enableHeterogeneousNumericComparisons(true)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                // Replacing standard overloads ('+' on strings and lists, '/') requires opting out
                // of the default environment.
                .setStandardEnvironmentEnabled(false)
                .setStandardDeclarations(CelStandardDeclarations.newBuilder()
                        .filterFunctions((fn, overload) ->
                                overload != CelStandardDeclarations.StandardFunction.Overload.Arithmetic.DIVIDE_INT64)
                        .build())
                .setStandardFunctions(CelStandardFunctions.newBuilder()
                        .filterFunctions((fn, overload) -> !REPLACED.contains(overload))
                        .build())
                .addFunctionDeclarations(NumericOverloads.declarations())
                .addFunctionBindings(NumericOverloads.bindings())
                .addFunctionBindings(
                        CelFunctionBinding.from("add_string", String.class, String.class, CelPrograms::concat),
                        CelFunctionBinding.from("add_list", List.class, List.class, CelPrograms::concat));
        for (String root : roots) {
            builder.addVar(root, SimpleType.DYN);
        }
        return builder.build();
    }

    private static String concat(String a, String b) {
        if ((long) a.length() + b.length() > MAX_CONCAT_LENGTH) {
            throw new IllegalArgumentException("string concatenation exceeds " + MAX_CONCAT_LENGTH + " characters");
        }
        return a + b;
    }

    private static List<Object> concat(List<?> a, List<?> b) {
        if ((long) a.size() + b.size() > MAX_CONCAT_LENGTH) {
            throw new IllegalArgumentException("list concatenation exceeds " + MAX_CONCAT_LENGTH + " elements");
        }
        List<Object> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    /** Parses and type-checks; the AST is what reference analysis walks. */
    CelAbstractSyntaxTree compile(String expression) {
        return ast(expression, cel::compile);
    }

    /** Parses without type-checking; the syntax tree alone still shows what an expression reads. */
    CelAbstractSyntaxTree parse(String expression) {
        return ast(expression, cel::parse);
    }

    private CelAbstractSyntaxTree ast(String expression,
                                      java.util.function.Function<String, CelValidationResult> step) {
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw invalid(expression, "longer than " + MAX_EXPRESSION_LENGTH + " characters");
        }
        CelValidationResult result = step.apply(expression);
        if (result.hasError()) {
            throw invalid(expression, describe(result.getErrors()));
        }
        try {
            return result.getAst();
        } catch (CelValidationException e) {
            throw invalid(expression, describe(e.getErrors()));
        }
    }

    /** The cached program for {@code expression}, compiling it on first use. */
    CelRuntime.Program program(String expression) {
        CelRuntime.Program cached = cache.get(expression);
        if (cached != null) return cached;
        CelRuntime.Program program;
        try {
            program = cel.createProgram(compile(expression));
        } catch (CelEvaluationException e) {
            throw invalid(expression, e.getMessage());
        }
        if (cache.size() >= maxCached) {
            // Crude but bounded: drop one arbitrary entry; the working set is usually small.
            Iterator<String> it = cache.keySet().iterator();
            if (it.hasNext()) cache.remove(it.next());
        }
        cache.putIfAbsent(expression, program);
        return program;
    }

    int cachedCount() {
        return cache.size();
    }

    private static ExpressionException invalid(String expression, String reason) {
        return new ExpressionException("expression '" + Messages.abbreviate(expression) + "' is invalid: " + reason);
    }

    private static String describe(List<CelIssue> issues) {
        return issues.stream()
                .map(i -> "column " + (i.getSourceLocation().getColumn() + 1) + ": "
                        + OperatorErrors.fromChecker(i.getMessage()))
                .collect(Collectors.joining("; "));
    }
}
