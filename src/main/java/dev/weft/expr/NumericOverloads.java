package dev.weft.expr;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;

import java.util.List;

/**
 * The overloads that make CEL's numbers behave as JSON numbers, where 10 and 10.0 are the same
 * value. CEL keeps int and double apart: {@code 10 * 1.1} has no overload and {@code 10 / 4} is 2.
 * Here {@code + - * /} take an int and a double (giving a double), {@code /} is true division
 * (giving a double) and fails on a zero divisor like the integers always did, {@code ==},
 * {@code !=}, {@code in} and {@code ? :} accept an int where a double is written and the other
 * way round, and a whole double indexes a list. Comparisons need nothing: CEL declares the heterogeneous ones.
 *
 * <p>Values from the context are already numeric at run time (CEL's equality, comparisons and
 * list indexes treat them so, and {@link JsonCel} passes integral numbers in as ints); what the
 * type checker sees are literals and function results, so some overloads exist for it alone.
 */
final class NumericOverloads {
    private static final TypeParamType ELEMENT = TypeParamType.create("E");

    private NumericOverloads() {}

    /** Checker declarations; they add to CEL's standard ones (except {@code divide_int64}, replaced). */
    static List<CelFunctionDecl> declarations() {
        return List.of(
                mixed("_+_", "add", SimpleType.DOUBLE),
                mixed("_-_", "subtract", SimpleType.DOUBLE),
                mixed("_*_", "multiply", SimpleType.DOUBLE),
                CelFunctionDecl.newFunctionDeclaration("_/_",
                        overload("divide_int64", SimpleType.DOUBLE, SimpleType.INT, SimpleType.INT),
                        overload("divide_int64_double", SimpleType.DOUBLE, SimpleType.INT, SimpleType.DOUBLE),
                        overload("divide_double_int64", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INT)),
                mixed("_==_", "equals", SimpleType.BOOL),
                mixed("_!=_", "not_equals", SimpleType.BOOL),
                CelFunctionDecl.newFunctionDeclaration("@in",
                        overload("in_list_int64_double", SimpleType.BOOL, SimpleType.INT, ListType.create(SimpleType.DOUBLE)),
                        overload("in_list_double_int64", SimpleType.BOOL, SimpleType.DOUBLE, ListType.create(SimpleType.INT))),
                CelFunctionDecl.newFunctionDeclaration("_[_]",
                        overload("index_list_double", ELEMENT, ListType.create(ELEMENT), SimpleType.DOUBLE)),
                // The interpreter evaluates every overload named "conditional" itself, without dispatch.
                CelFunctionDecl.newFunctionDeclaration("_?_:_",
                        overload("conditional", SimpleType.DYN, SimpleType.BOOL, SimpleType.INT, SimpleType.DOUBLE),
                        overload("conditional", SimpleType.DYN, SimpleType.BOOL, SimpleType.DOUBLE, SimpleType.INT)));
    }

    /**
     * Run-time functions dispatched by argument class. Only overloads whose classes no standard
     * overload also accepts belong here, or dispatch on dynamic values would be ambiguous.
     */
    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("add_int64_double", Long.class, Double.class, (a, b) -> a + b),
                CelFunctionBinding.from("add_double_int64", Double.class, Long.class, (a, b) -> a + b),
                CelFunctionBinding.from("subtract_int64_double", Long.class, Double.class, (a, b) -> a - b),
                CelFunctionBinding.from("subtract_double_int64", Double.class, Long.class, (a, b) -> a - b),
                CelFunctionBinding.from("multiply_int64_double", Long.class, Double.class, (a, b) -> a * b),
                CelFunctionBinding.from("multiply_double_int64", Double.class, Long.class, (a, b) -> a * b),
                CelFunctionBinding.from("divide_int64", Long.class, Long.class, (a, b) -> divide(a, b)),
                CelFunctionBinding.from("divide_double", Double.class, Double.class, NumericOverloads::divide),
                CelFunctionBinding.from("divide_int64_double", Long.class, Double.class, (a, b) -> divide(a, b)),
                CelFunctionBinding.from("divide_double_int64", Double.class, Long.class, (a, b) -> divide(a, b)));
    }

    /**
     * Functions the type checker can choose only for literal types (an int literal compared with a
     * double one). With dynamic values CEL's own equality and membership already compare numbers,
     * and binding these next to them would make dispatch ambiguous, so they are bound late: the
     * interpreter asks for them only when no bound overload matched.
     */
    static CelLateFunctionBindings lateBindings() {
        return CelLateFunctionBindings.from(
                CelFunctionBinding.from("equals_int64_double", Long.class, Double.class, NumericOverloads::equal),
                CelFunctionBinding.from("equals_double_int64", Double.class, Long.class, (a, b) -> equal(b, a)),
                CelFunctionBinding.from("not_equals_int64_double", Long.class, Double.class, (a, b) -> !equal(a, b)),
                CelFunctionBinding.from("not_equals_double_int64", Double.class, Long.class, (a, b) -> !equal(b, a)),
                CelFunctionBinding.from("in_list_int64_double", Long.class, List.class,
                        (a, list) -> list.stream().anyMatch(d -> d instanceof Double x && equal(a, x))),
                CelFunctionBinding.from("in_list_double_int64", Double.class, List.class,
                        (a, list) -> list.stream().anyMatch(l -> l instanceof Long x && equal(x, a))),
                CelFunctionBinding.from("index_list_double", List.class, Double.class, NumericOverloads::index));
    }

    private static CelFunctionDecl mixed(String function, String id, CelType result) {
        return CelFunctionDecl.newFunctionDeclaration(function,
                overload(id + "_int64_double", result, SimpleType.INT, SimpleType.DOUBLE),
                overload(id + "_double_int64", result, SimpleType.DOUBLE, SimpleType.INT));
    }

    private static CelOverloadDecl overload(String id, CelType result, CelType... parameters) {
        return CelOverloadDecl.newGlobalOverload(id, result, parameters);
    }

    /** A whole double indexes a list as CEL's own index does for dynamic values; any other is an error. */
    private static Object index(List<?> list, double index) {
        if (index != Math.rint(index)) {
            throw new IllegalArgumentException("list index " + index + " is not a whole number; convert the index with int(x)");
        }
        if (index < 0 || index >= list.size()) {
            throw new IllegalArgumentException("list index " + (long) index + " is out of range for a list of "
                    + list.size() + " elements");
        }
        return list.get((int) index);
    }

    private static double divide(double a, double b) {
        if (b == 0) throw new IllegalArgumentException("division by zero");
        return a / b;
    }

    /** As CEL's equality compares an int and a double held in dynamic values: the int as a double. */
    private static boolean equal(long a, double b) {
        return (double) a == b;
    }
}
