package dev.weft.definition;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a list of steps is checked: the steps of enclosing scopes it may read, the variables its
 * scope binds ({@code item}, {@code index}, {@code round}, {@code previous}), and which body each
 * body step id belongs to (so a read from outside says where the step is). Its own type because the
 * validator, the dependency checks and the expression checks all read it.
 *
 * @param outer  ids of enclosing scopes' steps that have surely ended before this scope runs
 * @param roots  the variables bound by the enclosing scopes
 * @param owners body step id → the step that owns its body
 */
record Scope(Set<String> outer, Set<String> roots, Map<String, String> owners, DefinitionParser.Rules rules) {
    Scope inside(Set<String> moreOuter, Set<String> moreRoots) {
        Set<String> o = new HashSet<>(outer);
        o.addAll(moreOuter);
        Set<String> r = new HashSet<>(roots);
        r.addAll(moreRoots);
        return new Scope(o, r, owners, rules);
    }

    ExpressionChecks expressions(Set<String> known, Set<String> allowed, Problems problems) {
        return new ExpressionChecks(known, allowed, this, problems);
    }
}
