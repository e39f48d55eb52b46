package dev.weft.definition;

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
        // Aliases and escapes can make the JSON form longer than any text the parser takes.
        if (json.length() <= DefinitionParser.MAX_TEXT_BYTES) {
            assertThat(PARSER.parse(json)).as(json).isEqualTo(parsed);
        }
    }
}
