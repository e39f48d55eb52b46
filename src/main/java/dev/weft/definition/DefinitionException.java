package dev.weft.definition;

import java.util.List;
import java.util.stream.Collectors;

/** A definition was rejected; carries every problem found, not just the first. */
public class DefinitionException extends RuntimeException {
    private final List<DefinitionError> errors;

    public DefinitionException(List<DefinitionError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }

    private static String format(List<DefinitionError> errors) {
        String header = errors.size() == 1 ? "invalid workflow definition: 1 error"
                : "invalid workflow definition: " + errors.size() + " errors";
        return header + errors.stream().map(e -> "\n  " + e).collect(Collectors.joining());
    }
}
