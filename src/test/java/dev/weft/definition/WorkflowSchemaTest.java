package dev.weft.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The published DSL schema accepts the examples and rejects what the parser rejects. */
class WorkflowSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema schema() throws IOException {
        JsonNode node = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/examples/research-brief.yaml", "/examples/fan-out-fan-in.yaml"})
    void examplesConformToTheSchema(String path) throws IOException {
        JsonNode example = YAML.readTree(DefinitionParserTest.resource(path));
        assertThat(schema().validate(example)).isEmpty();
    }

    @Test
    void badDefinitionsFail() throws IOException {
        JsonNode bad = YAML.readTree("""
                name: Bad
                steps:
                  - id: my-step
                    agent: Echo
                    timeout: 10
                    depend_on: [x]
                    on_error: explode
                """);
        assertThat(schema().validate(bad)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.name", "$.steps[0].id", "$.steps[0].agent", "$.steps[0].timeout", "$.steps[0]",
                        "$.steps[0].on_error");
        assertThat(schema().validate(YAML.readTree("name: n\n"))).isNotEmpty();
    }

    @Test
    void schemaItselfIsValidDraft202012() throws IOException {
        JsonNode node = new ObjectMapper().readTree(DefinitionParserTest.resource("/schema/weft-workflow-v1.schema.json"));
        assertThat(JsonSchemas.META_FOR_TESTS.validate(node)).isEmpty();
    }
}
