package dev.weft.expr;

/** Keeps error messages readable: expressions and CEL's texts can be long. */
final class Messages {
    static final int MAX_QUOTED = 200;

    private Messages() {}

    static String abbreviate(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }
}
