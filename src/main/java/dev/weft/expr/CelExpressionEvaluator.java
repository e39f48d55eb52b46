package dev.weft.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ExpressionEvaluator} on CEL (cel-java). Expressions see the context's keys as variables
 * of dynamic type. Compiled programs are cached per evaluator; results are bounded in JSON size.
 * Thread-safe. Walking template trees is {@link TemplateTrees}', reading syntax trees for what they
 * refer to {@link SyntaxReferences}'; this class compiles, checks and evaluates.
 */
public final class CelExpressionEvaluator implements ExpressionEvaluator {
    /** The roots the engine provides; expressions are checked against these at definition time. */
    public static final Set<String> DEFAULT_ROOTS = Set.of("input", "steps", "execution");
    public static final int MAX_EXPRESSION_LENGTH = CelPrograms.MAX_EXPRESSION_LENGTH;
    public static final long DEFAULT_MAX_RESULT_BYTES = 1L << 20;
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private static final CelPrograms CHECKER = new CelPrograms(DEFAULT_ROOTS, 1_000);
    /** Checkers for definition-time checks with extra roots, by the sorted root names (a handful in all). */
    private static final ConcurrentHashMap<String, CelPrograms> CHECKERS =
            new ConcurrentHashMap<>();
    /** The roots of an aggregate step's expression: the default ones and {@code values}. */
    public static final Set<String> AGGREGATE_ROOTS = Set.of("input", "steps", "execution", "values");
    private static final CelPrograms AGGREGATE_CHECKER = new CelPrograms(AGGREGATE_ROOTS, 100);
    private static final Pattern EVAL_PREFIX = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
    private static final Pattern MISSING_KEY = Pattern.compile("^key '(.*)' is not present in map\\.?$");
    private static final int MAX_ENVIRONMENTS = 16;

    private final long maxResultBytes;
    private final int cacheSize;
    private final CelPrograms defaults;
    /** Environments for contexts with extra roots, keyed by the sorted root names. */
    private final ConcurrentHashMap<List<String>, CelPrograms> others = new ConcurrentHashMap<>();

    public CelExpressionEvaluator() {
        this(DEFAULT_MAX_RESULT_BYTES, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param maxResultBytes the largest JSON size one {@link #resolve} may produce
     * @param cacheSize      how many compiled programs to keep per set of roots
     */
    public CelExpressionEvaluator(long maxResultBytes, int cacheSize) {
        this.maxResultBytes = maxResultBytes;
        this.cacheSize = cacheSize;
        this.defaults = new CelPrograms(DEFAULT_ROOTS, cacheSize);
    }

    @Override
    public Object resolve(Object template, Map<String, Object> context) {
        CelPrograms env = environment(context);
        JsonCel.Budget budget = new JsonCel.Budget(maxResultBytes);
        return TemplateTrees.resolve(template, expression -> evaluate(expression, env, context, budget),
                maxResultBytes);
    }

    /** Evaluates one bare expression (no {@code {{ }}}) to a typed JSON value. */
    public Object evaluate(String expression, Map<String, Object> context) {
        return evaluate(expression.trim(), environment(context), context, new JsonCel.Budget(maxResultBytes));
    }

    /** Number of compiled programs cached for the default roots (for tests and metrics). */
    public int cachedPrograms() {
        return defaults.cachedCount();
    }

    private Object evaluate(String expression, CelPrograms env, Map<String, Object> context, JsonCel.Budget budget) {
        CelRuntime.Program program = env.program(expression);
        try {
            Object raw = program.eval(name -> context.containsKey(name)
                    ? Optional.of(JsonCel.toCel(context.get(name)))
                    : Optional.empty(), LateOverloads.INSTANCE);
            if (raw instanceof CelUnknownSet) {
                throw failed(expression, "it refers to a root that is not in the context " + context.keySet());
            }
            return JsonCel.fromCel(raw, budget);
        } catch (CelEvaluationException e) {
            throw failed(expression, reason(e));
        } catch (IllegalArgumentException | ArithmeticException | IllegalStateException e) {
            throw failed(expression, e.getMessage());
        }
    }

    private CelPrograms environment(Map<String, Object> context) {
        if (DEFAULT_ROOTS.containsAll(context.keySet())) return defaults;
        TreeSet<String> roots = new TreeSet<>(DEFAULT_ROOTS);
        roots.addAll(context.keySet());
        List<String> key = List.copyOf(roots);
        CelPrograms env = others.get(key);
        if (env != null) return env;
        if (others.size() >= MAX_ENVIRONMENTS) others.clear();
        return others.computeIfAbsent(key, k -> new CelPrograms(k, cacheSize));
    }

    private static ExpressionException failed(String expression, String reason) {
        return new ExpressionException("expression '" + Messages.abbreviate(expression) + "' failed: " + reason);
    }

    /** CEL's message without its position prefix; a function's own failure (e.g. a size cap) wins. */
    private static String reason(CelEvaluationException e) {
        String message = e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null
                ? cause.getMessage()
                : EVAL_PREFIX.matcher(String.valueOf(e.getMessage())).replaceFirst("");
        Matcher missing = MISSING_KEY.matcher(message);
        if (missing.matches()) return "no such key: " + missing.group(1);
        return Messages.abbreviate(OperatorErrors.fromEvaluation(message));
    }

    /**
     * Checks an expression's syntax and its references against {@link #DEFAULT_ROOTS} without
     * evaluating it.
     *
     * @throws ExpressionException naming the expression and the reason
     */
    public static void check(String expression) {
        CHECKER.compile(expression.trim());
    }

    /**
     * Checks a condition ({@code when}, a switch case): it must compile, and its type must be bool
     * or unknown until it runs (dyn); {@code 1 + 2} is refused here rather than at run time.
     *
     * @throws ExpressionException naming the expression and the reason
     */
    public static void checkCondition(String expression) {
        checkCondition(expression, Set.of());
    }

    /** Like {@link #checkCondition(String)}, for a condition that sees {@code extraRoots} too (e.g. {@code round}). */
    public static void checkCondition(String expression, Set<String> extraRoots) {
        CelAbstractSyntaxTree ast = checker(extraRoots).compile(expression.trim());
        CelType type = ast.getResultType();
        if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
            throw new ExpressionException("expression '" + Messages.abbreviate(expression.trim())
                    + "' is invalid: expected a condition (bool), but it is " + type.name());
        }
    }

    /**
     * Like {@link #referencedSteps(String)} for an aggregate step's expression, which also sees
     * {@code values}.
     *
     * @throws ExpressionException when the expression does not compile
     */
    public static Set<String> referencedStepsOfAggregate(String expression) {
        return referencedSteps(AGGREGATE_CHECKER.compile(expression.trim()));
    }

    /**
     * A comparison of a step's {@code output.case} or {@code output.cases} with a string literal.
     *
     * @param stepId   the step compared (a switch step, when the definition is valid)
     * @param caseName the literal
     */
    public record CaseReference(String stepId, String caseName) {}

    /**
     * The case names a condition compares with: {@code steps.s.output.case == 'x'} (or {@code !=},
     * either side) and {@code 'x' in steps.s.output.cases}, found on the syntax tree, so that a
     * guard naming a case its switch does not have is an error before anything runs.
     *
     * @throws ExpressionException when the expression does not parse
     */
    public static List<CaseReference> caseReferences(String expression) {
        return SyntaxReferences.cases(CHECKER.parse(expression.trim()));
    }

    /** Every {@code {{ expr }}} in a template tree with the path where it appears. */
    public static List<TemplateExpression> expressions(Object template) {
        return TemplateTrees.expressions(template);
    }

    /**
     * The step ids an expression reads through {@code steps.<id>} or {@code steps['<id>']},
     * found on its syntax tree (so text inside string literals does not count).
     *
     * @throws ExpressionException when the expression does not compile
     */
    public static Set<String> referencedSteps(String expression) {
        return referencedSteps(CHECKER.compile(expression.trim()));
    }

    /**
     * Like {@link #referencedSteps(String)}, for an expression that sees {@code extraRoots} too
     * (e.g. {@code output} in the input of a chained workflow); checks it against those roots.
     */
    public static Set<String> referencedSteps(String expression, Set<String> extraRoots) {
        if (extraRoots.isEmpty()) {
            return referencedSteps(expression);
        }
        return referencedSteps(checker(extraRoots).compile(expression.trim()));
    }

    private static CelPrograms checker(Set<String> extraRoots) {
        if (extraRoots.isEmpty()) {
            return CHECKER;
        }
        TreeSet<String> roots = new TreeSet<>(DEFAULT_ROOTS);
        roots.addAll(extraRoots);
        return CHECKERS.computeIfAbsent(roots.toString(), k -> new CelPrograms(roots, 0));
    }

    /**
     * Like {@link #referencedSteps(String)} from the syntax alone, without type-checking: for
     * expressions an earlier release checked under its own type rules.
     *
     * @throws ExpressionException when the expression does not parse
     */
    public static Set<String> referencedStepsInSyntax(String expression) {
        return referencedSteps(CHECKER.parse(expression.trim()));
    }

    private static Set<String> referencedSteps(CelAbstractSyntaxTree ast) {
        return SyntaxReferences.steps(ast);
    }
}
