package dev.weft.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theBarFillsInProportionToTheEndedInstances() {
        assertThat(ProgressBar.of(0, 4, true)).isEqualTo("[░░░░░░░░░░] 0/4");
        assertThat(ProgressBar.of(1, 3, true)).isEqualTo("[███░░░░░░░] 1/3");
        assertThat(ProgressBar.of(3, 3, true)).isEqualTo("[██████████] 3/3");
    }

    @Test
    void aGroupWithNoInstancesYetHasAnEmptyBar() {
        assertThat(ProgressBar.of(0, 0, false)).isEqualTo("[..........] 0/0");
    }

    @Test
    void aThousandInstancesStillFitTheWidth() {
        assertThat(ProgressBar.of(999, 1000, false)).isEqualTo("[#########.] 999/1000");
    }
}
