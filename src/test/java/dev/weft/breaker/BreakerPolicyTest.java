package dev.weft.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BreakerPolicyTest {

    @Test
    void aCapabilityOverridesOnlyWhatItNames() {
        var overrides = new BreakerPolicy.Overrides(Optional.of(0.2), OptionalInt.empty(),
                Optional.of(Duration.ofMinutes(2)), OptionalInt.empty(), OptionalInt.of(5), Optional.empty());

        BreakerPolicy policy = new BreakerPolicy(BreakerSettings.DEFAULTS, Map.of("web-search", overrides));

        assertThat(policy.settings("web-search")).isEqualTo(
                new BreakerSettings(0.2, 20, Duration.ofMinutes(2), 3, 5, Duration.ofMinutes(10)));
        assertThat(policy.settings("other")).isEqualTo(BreakerSettings.DEFAULTS);
        assertThat(policy.configured()).containsExactly("web-search");
    }

    @Test
    void theDefaultsAreThoseOfTheIssue() {
        assertThat(BreakerSettings.DEFAULTS).isEqualTo(
                new BreakerSettings(0.5, 20, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10)));
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsProperty() {
        var tooFewProbes = new BreakerPolicy.Overrides(Optional.empty(), OptionalInt.empty(), Optional.empty(),
                OptionalInt.of(4), OptionalInt.of(2), Optional.empty());
        assertThatThrownBy(() -> new BreakerPolicy(BreakerSettings.DEFAULTS, Map.of("web.search", tooFewProbes)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weft.breaker.capability.\"web.search\".probes: expected a whole number from "
                        + "success-threshold (4) to 1000, but got 2");

        var ratio = new BreakerSettings(1.5, 20, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10));
        assertThatThrownBy(() -> BreakerPolicy.of(ratio)).hasMessage(
                "weft.breaker.failure-ratio: expected a number in (0, 1], but got 1.5");
        var delay = new BreakerSettings(0.5, 20, Duration.ZERO, 3, 3, Duration.ofMinutes(10));
        assertThatThrownBy(() -> BreakerPolicy.of(delay)).hasMessage(
                "weft.breaker.delay: expected a positive duration like 30s, but got PT0S");
        var window = new BreakerSettings(0.5, 0, Duration.ofSeconds(30), 3, 3, Duration.ofMinutes(10));
        assertThatThrownBy(() -> BreakerPolicy.of(window)).hasMessage(
                "weft.breaker.request-volume-threshold: expected a whole number from 1 to 10000, but got 0");
    }
}
