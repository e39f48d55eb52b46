package dev.weft.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) document read into a plain JSON tree, remembering the line of every field and
 * list element so errors can point at it. Paths are written like {@code steps[1].retry.max_attempts}.
 *
 * @param root   the document as LinkedHashMap / ArrayList / String / Long / Double / Boolean / null
 * @param lines  path → 1-based line where that value (or its key) starts
 * @param errors duplicate keys and other structural problems found while reading
 */
record SourceTree(Object root, Map<String, Integer> lines, List<DefinitionError> errors) {
    private static final YAMLFactory YAML = new YAMLFactory();
    /** Definitions are small; deep nesting only serves to exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    /** @throws DefinitionException when the text is not well-formed YAML */
    static SourceTree read(String text) {
        Map<String, Integer> lines = new HashMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DefinitionException(List.of(new DefinitionError("", 0, "the definition is empty")));
            }
            Object root = new Reader(parser, lines, errors).value("", 0);
            if (parser.nextToken() != null) {
                errors.add(new DefinitionError("", line(parser), "only one YAML document is allowed"));
            }
            return new SourceTree(root, lines, errors);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DefinitionException(List.of(new DefinitionError("", Math.max(line, 0),
                    "not valid YAML or JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new DefinitionException(List.of(new DefinitionError("", 0, "cannot read definition: " + e.getMessage())));
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(parser.currentTokenLocation().getLineNr(), 0);
    }

    /** The line of {@code path}, or of its nearest ancestor that has one; 0 if none. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) return line;
            if (p.isEmpty()) return 0;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
    }

    private record Reader(JsonParser parser, Map<String, Integer> lines, List<DefinitionError> errors) {
        Object value(String path, int depth) throws IOException {
            lines.putIfAbsent(path, line(parser));
            if (depth > MAX_DEPTH) {
                throw new DefinitionException(List.of(new DefinitionError(path, line(parser),
                        "nested more than " + MAX_DEPTH + " levels deep")));
            }
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> object(path, depth);
                case START_ARRAY -> array(path, depth);
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> parser.getDoubleValue();
                };
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> {
                    errors.add(new DefinitionError(path, line(parser), "unsupported YAML value " + token));
                    yield null;
                }
            };
        }

        private Map<String, Object> object(String path, int depth) throws IOException {
            Map<String, Object> out = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String child = path.isEmpty() ? key : path + "." + key;
                int keyLine = line(parser);
                parser.nextToken();
                if (out.containsKey(key)) {
                    errors.add(new DefinitionError(child, keyLine, "duplicate key '" + key + "'"));
                }
                lines.put(child, keyLine);
                out.put(key, value(child, depth + 1));
            }
            return out;
        }

        private List<Object> array(String path, int depth) throws IOException {
            List<Object> out = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                out.add(value(path + "[" + out.size() + "]", depth + 1));
            }
            return out;
        }
    }
}
