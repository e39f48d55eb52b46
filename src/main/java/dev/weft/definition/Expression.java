package dev.weft.definition;

/** What an expression is for, which decides how {@link ExpressionChecks} checks it. */
enum Expression {
    /** A template's {@code {{ }}}: any type. */
    VALUE,
    /** A {@code when} or a switch case: bool (or dyn, known only when it runs). */
    CONDITION,
    /** An aggregate's expression: sees {@code values} as well. */
    AGGREGATE,
    /** A template in the input of an {@code on_complete} chain: sees {@code output} as well. */
    ON_COMPLETE,
    /** A template in the input of an {@code on_failure} chain: sees {@code error} as well. */
    ON_FAILURE
}
