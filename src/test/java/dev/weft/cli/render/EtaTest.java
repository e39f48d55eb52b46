package dev.weft.cli.render;

import static dev.weft.cli.render.Runs.at;
import static dev.weft.cli.render.Runs.now;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtaTest {

    @Test
    void theRestTakesAsLongPerInstanceAsThoseThatEnded() {
        assertThat(Eta.atPace(1, 4, Duration.ofSeconds(2))).contains(Duration.ofSeconds(6));
    }

    @Test
    void thereIsNoPaceBeforeTheFirstEndsNorAnEtaOnceAllHave() {
        assertThat(Eta.atPace(0, 4, Duration.ofSeconds(2))).isEmpty();
        assertThat(Eta.atPace(4, 4, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void theEnginesEstimateCountsDownWithTheClockAndStopsAtNow() {
        assertThat(Eta.untilEstimate(at(10), now(7)).map(Eta::label)).contains("eta 3.0s");
        assertThat(Eta.untilEstimate(at(10), now(12)).map(Eta::label)).contains("eta now");
        assertThat(Eta.untilEstimate(com.google.protobuf.Timestamp.getDefaultInstance(), now(1))).isEmpty();
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(Elapsed.format(Duration.ofMillis(420))).isEqualTo("420ms");
        assertThat(Elapsed.format(Duration.ofMillis(4_250))).isEqualTo("4.3s");
        assertThat(Elapsed.format(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Elapsed.format(Duration.ofMinutes(123))).isEqualTo("2h03m");
    }
}
