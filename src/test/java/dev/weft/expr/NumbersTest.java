package dev.weft.expr;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers behave as JSON numbers: whether 10 arrived as 10 or as 10.0 (a gRPC Struct, an agent's
 * JSON, a literal) never changes what an arithmetic or a comparison yields.
 */
class NumbersTest {
    private final CelExpressionEvaluator evaluator = new CelExpressionEvaluator();

    /** One way a number can reach an expression: as an int or a double, from the context or as a literal. */
    private record Form(String text, Object contextValue) {}

    private static List<Form> forms(String root, double value) {
        List<Form> out = new ArrayList<>();
        String literal = value < 0 ? "(" + literal(value) + ")" : literal(value);
        out.add(new Form("input." + root, value));
        out.add(new Form(value < 0 ? "(" + value + ")" : String.valueOf(value), null));
        if (value == Math.rint(value)) {
            out.add(new Form("input." + root, (long) value));
            out.add(new Form(literal, null));
        }
        return out;
    }

    private static String literal(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** JSON's view of a number: integral values within ±2^53 are integers. */
    private static Object json(double value) {
        return value == Math.rint(value) && Math.abs(value) <= 9007199254740992.0 ? (Object) (long) value : value;
    }

    /** Every combination of the forms of a and b, with the result each must give. */
    private void assertEveryFormGives(String operator, double a, double b, Object expected) {
        for (Form fa : forms("a", a)) {
            for (Form fb : forms("b", b)) {
                String expression = fa.text() + " " + operator + " " + fb.text();
                Map<String, Object> input = new LinkedHashMap<>();
                if (fa.contextValue() != null) input.put("a", fa.contextValue());
                if (fb.contextValue() != null) input.put("b", fb.contextValue());
                CelExpressionEvaluator.check(expression);
                assertThat(evaluator.evaluate(expression, Map.of("input", input)))
                        .as("%s with a=%s b=%s", expression, fa.contextValue(), fb.contextValue())
                        .isEqualTo(expected);
            }
        }
    }

    static Stream<Arguments> arithmetic() {
        Map<String, BiFunction<Double, Double, Double>> operators = new LinkedHashMap<>();
        operators.put("+", Double::sum);
        operators.put("-", (x, y) -> x - y);
        operators.put("*", (x, y) -> x * y);
        operators.put("/", (x, y) -> x / y);
        double[][] pairs = {{10, 4}, {10, 5}, {10, 1.1}, {10.5, 4}, {-3, 2}, {0.5, 0.25}};
        List<Arguments> out = new ArrayList<>();
        operators.forEach((op, fn) -> {
            for (double[] p : pairs) out.add(Arguments.of(op, p[0], p[1], json(fn.apply(p[0], p[1]))));
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0} {2} = {3}")
    @MethodSource("arithmetic")
    void arithmeticDependsOnlyOnTheValues(String operator, double a, double b, Object expected) {
        assertEveryFormGives(operator, a, b, expected);
    }

    static Stream<Arguments> comparisons() {
        Map<String, BiFunction<Double, Double, Boolean>> operators = new LinkedHashMap<>();
        operators.put("<", (x, y) -> x < y);
        operators.put("<=", (x, y) -> x <= y);
        operators.put(">", (x, y) -> x > y);
        operators.put(">=", (x, y) -> x >= y);
        operators.put("==", Double::equals);
        operators.put("!=", (x, y) -> !x.equals(y));
        double[][] pairs = {{10, 10}, {10, 10.5}, {10.5, 10}, {-1, 0}};
        List<Arguments> out = new ArrayList<>();
        operators.forEach((op, fn) -> {
            for (double[] p : pairs) out.add(Arguments.of(op, p[0], p[1], fn.apply(p[0], p[1])));
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0} {2} is {3}")
    @MethodSource("comparisons")
    void comparisonsAndEqualityAreNumeric(String operator, double a, double b, boolean expected) {
        assertEveryFormGives(operator, a, b, expected);
    }

    @Test
    void listMembershipIsNumeric() {
        for (Form fa : forms("a", 10)) {
            Map<String, Object> input = new LinkedHashMap<>();
            if (fa.contextValue() != null) input.put("a", fa.contextValue());
            input.put("ints", List.of(1L, 10L));
            input.put("doubles", List.of(1.0, 10.0));
            for (String list : List.of("[1, 10]", "[1.0, 10.0]", "input.ints", "input.doubles")) {
                String expression = fa.text() + " in " + list;
                CelExpressionEvaluator.check(expression);
                assertThat(evaluator.evaluate(expression, Map.of("input", input))).as(expression).isEqualTo(true);
                assertThat(evaluator.evaluate(fa.text() + " + 1 in " + list, Map.of("input", input))).isEqualTo(false);
            }
        }
    }

    @Test
    void theIssuesCaseWorksForEveryPrice() {
        for (Object price : List.of(10L, 10.0, 10.5)) {
            Object result = evaluator.resolve("{{ input.price * 1.1 }}", Map.of("input", Map.of("price", price)));
            assertThat(result).as("price %s", price).isEqualTo(json(((Number) price).doubleValue() * 1.1));
        }
    }

    @Test
    void divisionIsTrueDivision() {
        assertThat(evaluator.evaluate("10 / 4", Map.of())).isEqualTo(2.5);
        assertThat(evaluator.evaluate("10 / 5", Map.of())).isEqualTo(2L);
        assertThat(evaluator.evaluate("input.n / 2 == 5", Map.of("input", Map.of("n", 10L)))).isEqualTo(true);
        assertThat(evaluator.evaluate("true ? 10 / 4 : 0", Map.of())).isEqualTo(2.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"input.a / 0", "input.a / 0.0", "10.5 / input.z", "input.z / input.z"})
    void divisionByZeroFailsWhateverTheTypes(String expression) {
        assertThatThrownBy(() -> evaluator.evaluate(expression, Map.of("input", Map.of("a", 10L, "z", 0.0))))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("expression '" + expression + "' failed: division by zero");
    }

    @Test
    void moduloTakesIntsAndIntegralNumbersAreInts() {
        assertThat(evaluator.evaluate("input.a % 3", Map.of("input", Map.of("a", 10L)))).isEqualTo(1L);
        assertThat(evaluator.evaluate("input.a % 3", Map.of("input", Map.of("a", 10.0)))).isEqualTo(1L);
        assertThat(evaluator.evaluate("type(input.a) == int", Map.of("input", Map.of("a", 10.0)))).isEqualTo(true);
        assertThat(evaluator.evaluate("int(input.a / 4) % 2", Map.of("input", Map.of("a", 10L)))).isEqualTo(0L);
    }

    @Test
    void resultsThatAreWholeNumbersLeaveAsIntegers() {
        assertThat(evaluator.resolve("{{ 2.0 * 3 }}", Map.of())).isEqualTo(6L);
        assertThat(evaluator.resolve("total: {{ 2.0 * 3 }}", Map.of())).isEqualTo("total: 6");
        assertThat(evaluator.resolve("{{ [1.0, 2.5, {'k': -0.0}] }}", Map.of()))
                .isEqualTo(List.of(1L, 2.5, Map.of("k", 0L)));
        assertThat(evaluator.resolve("{{ 0.1 + 0.2 }}", Map.of())).isEqualTo(0.1 + 0.2);
        // Beyond 2^53 a double no longer stands for one integer.
        assertThat(evaluator.resolve("{{ 18014398509481984.0 }}", Map.of())).isEqualTo(18014398509481984.0);
        assertThat(evaluator.resolve("{{ 9007199254740992.0 }}", Map.of())).isEqualTo(9007199254740992L);
    }

    @Test
    void typeErrorsAtDefinitionTimeNameTheOperatorTheTypesAndTheFix() {
        assertThatThrownBy(() -> CelExpressionEvaluator.check("input.a % 1.5"))
                .hasMessage("expression 'input.a % 1.5' is invalid: column 9: no operator '%' for dyn and double;"
                        + " convert with int(x)");
        assertThatThrownBy(() -> CelExpressionEvaluator.check("'a' * 2"))
                .hasMessage("expression ''a' * 2' is invalid: column 5: no operator '*' for string and int;"
                        + " convert with int(x) or double(x)");
        assertThatThrownBy(() -> CelExpressionEvaluator.check("[1, 2]['0']"))
                .hasMessage("expression '[1, 2]['0']' is invalid: column 7: no operator '[]' for list(int) and string");
    }

    @Test
    void typeErrorsAtRunTimeNameTheOperatorTheTypesAndTheFix() {
        Map<String, Object> context = Map.of("input", Map.of("a", 10L, "b", 1.5, "s", "text", "l", List.of(1L, 2L)));
        assertThatThrownBy(() -> evaluator.evaluate("input.a % input.b", context))
                .hasMessage("expression 'input.a % input.b' failed: no operator '%' for int and double;"
                        + " convert with int(x)");
        assertThatThrownBy(() -> evaluator.evaluate("input.s * input.a", context))
                .hasMessage("expression 'input.s * input.a' failed: no operator '*' for string and int;"
                        + " convert with int(x) or double(x)");
        assertThatThrownBy(() -> evaluator.evaluate("input.s + input.a", context))
                .hasMessage("expression 'input.s + input.a' failed: no operator '+' for string and int;"
                        + " convert with string(x), int(x) or double(x)");
        assertThatThrownBy(() -> evaluator.evaluate("input.l[input.b]", context))
                .hasMessage("expression 'input.l[input.b]' failed: list index 1.5 is not a whole number;"
                        + " convert the index with int(x)");
        assertThatThrownBy(() -> evaluator.evaluate("input.l[size(input.l) / 4]", context))
                .hasMessage("expression 'input.l[size(input.l) / 4]' failed: list index 0.5 is not a whole number;"
                        + " convert the index with int(x)");
        assertThatThrownBy(() -> evaluator.evaluate("[1, 2][3 / 2]", context))
                .hasMessage("expression '[1, 2][3 / 2]' failed: list index 1.5 is not a whole number;"
                        + " convert the index with int(x)");
        assertThatThrownBy(() -> evaluator.evaluate("size(input.a)", context))
                .hasMessage("expression 'size(input.a)' failed: no function 'size' for int");
        assertThatThrownBy(() -> evaluator.evaluate("-input.s", context))
                .hasMessage("expression '-input.s' failed: no operator '-' for string");
    }

    @Test
    void aWholeNumberIndexWorksWhateverItsType() {
        Map<String, Object> context = Map.of("input", Map.of("l", Arrays.asList(1L, 2L, 3L), "i", 2.0));
        assertThat(evaluator.evaluate("input.l[input.i]", context)).isEqualTo(3L);
        assertThat(evaluator.evaluate("input.l[size(input.l) / 3]", context)).isEqualTo(2L);
        assertThat(evaluator.evaluate("[10, 20, 30][size(input.l) / 3]", context)).isEqualTo(20L);
        assertThatThrownBy(() -> evaluator.evaluate("[10, 20, 30][6 / 2]", context))
                .hasMessage("expression '[10, 20, 30][6 / 2]' failed: list index 3 is out of range for a list of 3 elements");
    }
}
