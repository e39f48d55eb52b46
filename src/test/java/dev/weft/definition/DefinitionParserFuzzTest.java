package dev.weft.definition;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The parser on arbitrary text: it returns a definition or throws {@link DefinitionException},
 * never anything else, and never overflows the stack or hangs. A definition it returns reads back
 * the same from its JSON form, and {@link DefinitionParser#parseStored} agrees with it.
 *
 * <p>A normal build replays the inputs kept in {@code DefinitionParserFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes (see README, "Fuzzing").
 */
class DefinitionParserFuzzTest {
    private static final DefinitionParser PARSER = new DefinitionParser();

    /** Replays must not hang; when fuzzing, libFuzzer's -timeout watches every input instead. */
    private static final Duration REPLAY_LIMIT = Duration.ofSeconds(30);

    // No newlines or tabs: Jazzer 0.24 writes them unescaped, which breaks libFuzzer's dictionary file.
    @DictionaryEntries({"name: n", "steps:", "  - id: a", "    agent: echo", "depends_on: [", "input: {",
            "output: ", "limits: { timeout: ", "max_parallel: ", "max_tasks: ", "retry: { max_attempts: ",
            "backoff: linear", "initial_interval: ", "max_interval: ", "multiplier: ", "on_error: skip", "timeout: ",
            "10s", "1h30m", "PT0.5S", "&a ", "*a", "<<: ", "<<: [*a, *b]", "? ", "!!str ", "!!int ", "!!binary ",
            "---", "...", "{{ steps.a.output }}", "{{ input.x / 2 % 2 }}", "$ref: '#'", "$defs:", "type: object",
            "required: [", "pattern: ", "1e999", "0x1F", "0o17", "~", "'\''", "\"\\u0000\"", "| ", ">- "})
    @FuzzTest(maxDuration = "10m")
    void parsesOrRefusesWithADefinitionException(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        if (System.getenv("JAZZER_FUZZ") == null) {
            assertTimeoutPreemptively(REPLAY_LIMIT, () -> check(text));
        } else {
            check(text);
        }
    }

    private static void check(String text) {
        WorkflowDefinition parsed;
        try {
            parsed = PARSER.parse(text);
        } catch (DefinitionException refused) {
            assertThat(refused.errors()).isNotEmpty();
            try {
                PARSER.parseStored(text);
            } catch (DefinitionException alsoRefused) {
                assertThat(alsoRefused.errors()).isNotEmpty();
            }
            return;
        }
        assertThat(PARSER.parseStored(text)).isEqualTo(parsed);
        String json = DefinitionJson.write(parsed);
        // Where the JSON form is not a text the parser takes, there is nothing to compare: aliases
        // can make it longer than the text limit, and an explicit YAML key ("? key"), or a key its
        // escapes lengthen, can pass the 1,024 characters YAML allows a key in a JSON object.
        if (json.getBytes(StandardCharsets.UTF_8).length <= DefinitionParser.MAX_TEXT_BYTES
                && DefinitionJson.keysFitYaml(parsed)) {
            assertThat(PARSER.parse(json)).as(json).isEqualTo(parsed);
        }
    }
}
