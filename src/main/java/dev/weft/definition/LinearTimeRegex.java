package dev.weft.definition;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * Runs the regular expressions of input schemas ({@code pattern}, {@code patternProperties}) on
 * RE2J, whose matching time is linear in the input: the patterns come from tenants, and on
 * java.util.regex one like {@code ^(.*a){10}$} backtracks for minutes over a short input. RE2
 * syntax has no lookarounds or backreferences, as in CEL's {@code matches()}.
 */
final class LinearTimeRegex implements RegularExpressionFactory {
    static final LinearTimeRegex INSTANCE = new LinearTimeRegex();

    private LinearTimeRegex() {}

    /** A pattern RE2 cannot run; the message names it. */
    static final class UnsupportedPattern extends IllegalArgumentException {
        UnsupportedPattern(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @throws UnsupportedPattern naming the pattern when RE2 cannot run it */
    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new UnsupportedPattern("pattern '" + regex + "' is not supported: patterns use RE2 syntax,"
                    + " which runs in linear time (no lookarounds or backreferences): " + e.getDescription(), e);
        }
        // JSON Schema patterns are not anchored: "a" matches "cat".
        return value -> pattern.matcher(value).find();
    }
}
