package dev.weft.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every workflow in docs/dsl.md is one the parser registers and the published schema accepts. */
class DslDocExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyExampleInTheDslGuideParsesAndConformsToTheSchema() throws IOException {
        String guide = Files.readString(Path.of("docs/dsl.md"));
        List<String> examples = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(guide);
        while (m.find()) {
            examples.add(m.group(1));
        }
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(new ObjectMapper()
                .readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json")));

        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
        for (String example : examples) {
            assertThat(new DefinitionParser().parse(example).steps()).as(example).isNotEmpty();
            assertThat(schema.validate(new ObjectMapper(new YAMLFactory()).readTree(example))).as(example).isEmpty();
        }
    }
}
