package dev.weft.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML (or JSON) document read into a plain JSON tree, remembering the line of every field and
 * list element so errors can point at it. Paths are written like {@code steps[1].retry.max_attempts}.
 * Aliases are resolved to copies of their anchored values (see {@link Anchors}) and merge keys
 * ({@code <<: *defaults}) copy the fields a mapping does not set itself. A value copied by an alias
 * has the alias's line.
 *
 * @param root    the document as LinkedHashMap / ArrayList / String / Long / Double / Boolean / null
 * @param lines   path → 1-based line where that value (or its key) starts
 * @param errors  duplicate keys and other structural problems found while reading
 * @param stopped whether a size or depth limit cut part of the document off; then only
 *                {@code errors} are worth reporting
 */
record SourceTree(Object root, Map<String, Integer> lines, List<DefinitionError> errors, boolean stopped) {
    /** Definitions are small; deep nesting only serves to exhaust the stack. */
    static final int MAX_DEPTH = 64;

    /** How to read the YAML constructs whose meaning changed between releases. */
    enum Reading {
        /** Aliases are copies of their anchors' values; {@code <<} merges; numbers are finite. */
        CURRENT,
        /**
         * As releases before alias support read YAML: an alias is its anchor's name, {@code <<} a
         * plain key, and a number too large for a double is infinite.
         */
        EARLIER_RELEASES
    }

    /** @throws DefinitionException when the text is not well-formed YAML */
    static SourceTree read(String text, Reading reading) {
        Map<String, Integer> lines = new HashMap<>();
        List<DefinitionError> errors = new ArrayList<>();
        try (YamlEventParser parser = YamlEventParser.create(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DefinitionException(List.of(new DefinitionError("", 0, "the definition is empty")));
            }
            Reader reader = new Reader(parser, lines, errors, reading);
            Object root = reader.value("", 0);
            if (parser.nextToken() != null) {
                errors.add(new DefinitionError("", line(parser), "only one YAML document is allowed"));
            }
            return new SourceTree(root, lines, errors, reader.stopped);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DefinitionException(List.of(new DefinitionError("", Math.max(line, 0),
                    "not valid YAML or JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new DefinitionException(List.of(new DefinitionError("", 0, "cannot read definition: " + e.getMessage())));
        }
    }

    private static int line(YamlEventParser parser) {
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

    private static final class Reader {
        private final YamlEventParser parser;
        private final Map<String, Integer> lines;
        private final List<DefinitionError> errors;
        /** Whether this is today's reading: aliases resolved, only finite numbers. */
        private final boolean current;
        private final Anchors anchors = new Anchors();
        /** Set at the first limit hit; from then on aliases are not expanded and limits not reported again. */
        private boolean stopped;

        Reader(YamlEventParser parser, Map<String, Integer> lines, List<DefinitionError> errors, Reading reading) {
            this.parser = parser;
            this.lines = lines;
            this.errors = errors;
            this.current = reading == Reading.CURRENT;
        }

        Object value(String path, int depth) throws IOException {
            lines.putIfAbsent(path, line(parser));
            if (depth > MAX_DEPTH) {
                stop(path, line(parser), "nested more than " + MAX_DEPTH + " levels deep");
                parser.skipChildren();
                return null;
            }
            if (current && parser.isCurrentAlias()) {
                return alias(path, depth);
            }
            // Read before the children move the parser on.
            String anchor = current ? parser.anchor() : null;
            JsonToken token = parser.currentToken();
            Object value = switch (token) {
                case START_OBJECT -> object(path, depth);
                case START_ARRAY -> array(path, depth);
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT, LONG -> parser.getLongValue();
                    default -> finite(path);
                };
                case VALUE_NUMBER_FLOAT -> finite(path);
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> {
                    errors.add(new DefinitionError(path, line(parser), "unsupported YAML value " + token));
                    yield null;
                }
            };
            if (anchor != null) anchors.define(anchor, value);
            return value;
        }

        /** JSON has no infinity: a number too large for a double is an error (earlier releases read it as one). */
        private Double finite(String path) throws IOException {
            double d = parser.getDoubleValue();
            if (current && !Double.isFinite(d)) {
                errors.add(new DefinitionError(path, line(parser), "the number " + parser.getText()
                        + " is too large (JSON numbers are at most about 1.8e308)"));
            }
            return d;
        }

        private Object alias(String path, int depth) throws IOException {
            if (stopped) return null;
            Object resolved = anchors.resolve(parser.getText(), depth, MAX_DEPTH);
            if (resolved instanceof Anchors.Refusal refusal) {
                if (refusal.fatal()) {
                    stop(path, line(parser), refusal.message());
                } else {
                    errors.add(new DefinitionError(path, line(parser), refusal.message()));
                }
                return null;
            }
            return resolved;
        }

        private void stop(String path, int line, String message) {
            if (!stopped) errors.add(new DefinitionError(path, line, message));
            stopped = true;
        }

        private Map<String, Object> object(String path, int depth) throws IOException {
            Map<String, Object> out = new LinkedHashMap<>();
            Set<String> written = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String child = path.isEmpty() ? key : path + "." + key;
                int keyLine = line(parser);
                boolean merge = current && parser.atMergeKey();
                String keyAnchor = current ? parser.anchor() : null;
                if (keyAnchor != null) anchors.define(keyAnchor, key);
                parser.nextToken();
                if (!written.add(key)) {
                    errors.add(new DefinitionError(child, keyLine, "duplicate key '" + key + "'"));
                }
                if (merge) {
                    merge(out, path, child, keyLine, depth);
                } else {
                    lines.put(child, keyLine);
                    out.put(key, value(child, depth + 1));
                }
            }
            return out;
        }

        /**
         * Applies {@code <<: value}: the fields of each merged object that the mapping does not set
         * itself, anywhere in it; with a list of objects, earlier ones win.
         */
        private void merge(Map<String, Object> out, String path, String child, int keyLine, int depth)
                throws IOException {
            int before = errors.size();
            Object merged = value(child, depth + 1);
            if (errors.size() > before || stopped) return;
            List<?> sources = merged instanceof List<?> l ? l : java.util.Collections.singletonList(merged);
            for (Object source : sources) {
                if (!(source instanceof Map<?, ?>)) {
                    errors.add(new DefinitionError(child, keyLine, "a merge key '<<' takes an object or a list of"
                            + " objects (like <<: *defaults), but got " + Problems.describe(merged)));
                    return;
                }
            }
            for (Object source : sources) {
                ((Map<?, ?>) source).forEach((k, v) -> {
                    String key = (String) k;
                    if (!out.containsKey(key)) {
                        out.put(key, v);
                        lines.putIfAbsent(path.isEmpty() ? key : path + "." + key, keyLine);
                    }
                });
            }
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
