package dev.weft.definition;

import java.util.List;

public class DefinitionException extends RuntimeException {
    private final List<DefinitionError> errors;

    public DefinitionException(List<DefinitionError> errors) {
        super(String.join("; ", errors.stream().map(e -> "line " + e.line() + ": " + e.path() + ": " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
