package dev.weft.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnservedWarningsTest {
    static final Instant T = Instant.parse("2026-11-22T01:00:00Z");
    final UnservedWarnings warnings = new UnservedWarnings();

    static CapabilityStatus unserved(int tasks) {
        return new CapabilityStatus("x", 0, T, tasks);
    }

    @Test
    void anUnservedCapabilityWithRunningTasksIsWarnedAboutOnce() {
        assertThat(warnings.observe(T.plusSeconds(5), List.of(unserved(1)))).containsExactly(new UnservedWarnings.Line(
                true, "capability 'x' has no live agent since 2026-11-22T01:00:00Z; 1 dispatched task(s) wait in the "
                        + "broker until an agent for it connects"));
        assertThat(warnings.observe(T.plusSeconds(10), List.of(unserved(4)))).isEmpty();
        assertThat(warnings.observe(T.plusSeconds(15), List.of(unserved(0)))).isEmpty();
        assertThat(warnings.observe(T.plusSeconds(20), List.of(unserved(2)))).isEmpty();
    }

    @Test
    void anUnservedCapabilityNobodyWaitsOnIsNotWarnedAbout() {
        assertThat(warnings.observe(T, List.of(unserved(0)))).isEmpty();
        assertThat(warnings.observe(T.plusSeconds(5), List.of(new CapabilityStatus("x", 1, null, 0)))).isEmpty();
    }

    @Test
    void aWarnedCapabilityServedAgainIsLoggedOnceAtInfo() {
        warnings.observe(T, List.of(unserved(2)));
        assertThat(warnings.observe(T.plusSeconds(5), List.of(new CapabilityStatus("x", 1, null, 2))))
                .containsExactly(new UnservedWarnings.Line(false,
                        "capability 'x' is served again by 1 live agent(s); 2 dispatched task(s) can now be taken"));
        assertThat(warnings.observe(T.plusSeconds(10), List.of(new CapabilityStatus("x", 1, null, 0)))).isEmpty();
        assertThat(warnings.observe(T.plusSeconds(15), List.of(unserved(1)))).hasSize(1);
    }

    @Test
    void aNeedThatComesBackLongAfterItsTasksWentIsWarnedAboutAgain() {
        warnings.observe(T, List.of(unserved(1)));
        assertThat(warnings.observe(T.plus(UnservedWarnings.QUIET), List.of())).isEmpty();
        assertThat(warnings.observe(T.plus(UnservedWarnings.QUIET).plusSeconds(1), List.of())).isEmpty();
        assertThat(warnings.observe(T.plus(UnservedWarnings.QUIET).plusSeconds(2), List.of(unserved(1)))).hasSize(1);
    }
}
