package dev.weft.definition;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.IOException;
import java.io.Reader;

/**
 * Jackson's YAML parser that also shows the SnakeYAML event behind the current token. Jackson's
 * {@code getObjectId()} drops the anchors of scalars and, on the first key of an anchored mapping,
 * reports the mapping's anchor as the key's; nor can it tell the plain key {@code <<} (a merge key)
 * from a quoted {@code "<<"}. The event itself says all of that exactly.
 */
final class YamlEventParser extends YAMLParser {
    private static final YAMLFactory FACTORY = new YAMLFactory() {
        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) {
            return new YamlEventParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, r);
        }
    };

    private Event last;

    private YamlEventParser(IOContext ctxt, int parserFeatures, int yamlFeatures, LoaderOptions options, Reader r) {
        super(ctxt, parserFeatures, yamlFeatures, options, null, r);
    }

    static YamlEventParser create(String text) throws IOException {
        return (YamlEventParser) FACTORY.createParser(text);
    }

    @Override
    protected Event getEvent() throws IOException {
        last = super.getEvent();
        return last;
    }

    /** The anchor ({@code &name}) written on the current value or key, or null. */
    String anchor() {
        return last instanceof NodeEvent node && !(last instanceof AliasEvent) ? node.getAnchor() : null;
    }

    /** Whether the current field name is a merge key: {@code <<} written plain, without a tag. */
    boolean atMergeKey() {
        return last instanceof ScalarEvent s && s.isPlain() && s.getTag() == null && "<<".equals(s.getValue());
    }
}
