package dev.weft.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects definition errors. Raw paths ({@code steps[1].timeout}) are shown with the step id
 * when one is known ({@code steps[1](summarize).timeout}) and given the line where they appear.
 */
final class Problems {
    private static final Pattern STEP = Pattern.compile("^(?:steps|states)\\[(\\d+)]");

    private final SourceTree source;
    private final IntFunction<String> stepId;
    private final List<DefinitionError> errors = new ArrayList<>();

    /**
     * @param source where lines come from, or null when the definition was not parsed from text
     * @param stepId step index → id, or null when unknown
     */
    Problems(SourceTree source, IntFunction<String> stepId) {
        this.source = source;
        this.stepId = stepId;
    }

    void add(String path, String message) {
        int line = source == null ? 0 : source.lineOf(path);
        errors.add(new DefinitionError(display(path), line, message));
    }

    /** A problem found while reading the text, which already knows its line. */
    void addRead(DefinitionError error) {
        errors.add(new DefinitionError(display(error.path()), error.line(), error.message()));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<DefinitionError> errors() {
        return List.copyOf(errors);
    }

    private String display(String path) {
        Matcher m = STEP.matcher(path);
        if (!m.find()) return path;
        String id = stepId.apply(Integer.parseInt(m.group(1)));
        return id == null ? path : m.group() + "(" + id + ")" + path.substring(m.end());
    }

    /** Joins a parent path and a child path that is either a key or starts with "[". */
    static String join(String parent, String child) {
        if (child.isEmpty()) return parent;
        if (parent.isEmpty()) return child;
        return child.startsWith("[") ? parent + child : parent + "." + child;
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            default -> value.toString();
        };
    }
}
