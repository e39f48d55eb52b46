package dev.weft.definition;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "10s,PT10S", "10m,PT10M", "1h,PT1H", "1d,PT24H", "1h30m,PT1H30M",
            "1m30s500ms,PT1M30.5S", "PT10M,PT10M", "' 2h ',PT2H"})
    void parsesAcceptedForms(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "", "10 minutes", "m", "1x", "30m1h", "PTxyz", "-5s", "1.5h"})
    void rejectsOtherText(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PT1H30M,1h30m", "PT0.5S,500ms", "P7D,7d", "PT0S,0s"})
    void formatsCompactly(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }
}
