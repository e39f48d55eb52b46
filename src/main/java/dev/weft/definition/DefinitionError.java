package dev.weft.definition;

public record DefinitionError(String path, int line, String message) {
}
