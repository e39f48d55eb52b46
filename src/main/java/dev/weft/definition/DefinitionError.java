package dev.weft.definition;

/**
 * One problem in a workflow definition.
 *
 * @param path    where: {@code name}, {@code limits.timeout}, {@code steps[1](summarize).depends_on[0]},
 *                {@code steps[0](search).input.query}; "" for the whole document
 * @param line    1-based line in the definition text, 0 when unknown
 * @param message what is wrong, phrased so the fix is obvious
 */
public record DefinitionError(String path, int line, String message) {
    @Override
    public String toString() {
        String where = path.isEmpty() ? "" : path + ": ";
        return (line > 0 ? "line " + line + ": " : "") + where + message;
    }
}
