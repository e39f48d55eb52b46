package dev.weft.rollout;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A configured default that is no value of the flag stops the engine's start, naming the property. */
class ConfiguredDefaultTest {

    @Test
    void anUnknownConfiguredPhaseNamesItsProperty() {
        assertThatThrownBy(() -> configured("half", 100).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weft.rollout.default: expected one of off, shadow, simple, complex, on, "
                        + "but got 'half'");
    }

    @Test
    void aConfiguredPercentageOutsideZeroToHundredNamesItsProperty() {
        assertThatThrownBy(() -> configured("on", 150).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weft.rollout.default-percentage: expected 0..100, but got 150");
    }

    private static RolloutFlags configured(String phase, int percentage) {
        RolloutFlags flags = new RolloutFlags();
        flags.configuredPhase = phase;
        flags.configuredPercentage = percentage;
        return flags;
    }
}
