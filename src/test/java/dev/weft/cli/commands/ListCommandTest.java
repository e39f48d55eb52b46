package dev.weft.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.cli.render.Statuses;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void sinceIsAnAgeBackFromNowOrAnInstantAsWritten() {
        assertThat(ListCommand.since("90s", NOW)).isEqualTo(Instant.parse("2026-12-04T09:58:30Z"));
        assertThat(ListCommand.since("2h", NOW)).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        assertThat(ListCommand.since("7d", NOW)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ListCommand.since("2026-12-01T00:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThatThrownBy(() -> ListCommand.since("yesterday", NOW)).hasMessageContaining("--since: expected an age");
    }

    @Test
    void aStatusIsItsWordInAnyCaseAndAnUnknownOneNamesTheChoices() {
        assertThat(Statuses.parseExecution("Timed_Out")).isEqualTo(ExecutionStatus.EXECUTION_STATUS_TIMED_OUT);
        assertThat(Statuses.parseExecution("running")).isEqualTo(ExecutionStatus.EXECUTION_STATUS_RUNNING);
        assertThatThrownBy(() -> Statuses.parseExecution("done")).hasMessageContaining("running, paused, completed");
        assertThatThrownBy(() -> Statuses.parseExecution("unspecified")).hasMessageContaining("but got 'unspecified'");
    }
}
