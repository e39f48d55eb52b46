package dev.weft.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.weft.schedule.CatchUpPolicy;
import dev.weft.schedule.OverlapPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule: block: read with its defaults, bad ones refused naming line and field. */
class ScheduleDefinitionTest {
    final DefinitionParser parser = new DefinitionParser();

    private List<DefinitionError> errors(String yaml) {
        return catchThrowableOfType(DefinitionException.class, () -> parser.parse(yaml)).errors();
    }

    @Test
    void aScheduleBlockIsReadWithItsPolicies() {
        WorkflowDefinition d = parser.parse("""
                name: nightly
                input: { type: object, required: [topic] }
                schedule:
                  cron: "0 2 * * *"
                  time_zone: Europe/Paris
                  input: { topic: news }
                  overlap: cancel_previous
                  catch_up: run_once
                  start_at: 2026-01-01T00:00:00Z
                steps: [ { id: a, agent: w } ]
                """);
        assertThat(d.schedule()).isEqualTo(new WorkflowDefinition.ScheduleDeclaration("0 2 * * *", "Europe/Paris",
                Map.of("topic", "news"), OverlapPolicy.CANCEL_PREVIOUS, CatchUpPolicy.RUN_ONCE,
                Instant.parse("2026-01-01T00:00:00Z"), null));
        assertThat(d.withVersion(3).schedule()).isEqualTo(d.schedule());
    }

    @Test
    void withoutPoliciesASkipsOverlapsAndMissedFiresInUtc() {
        WorkflowDefinition d = parser.parse("""
                name: hourly
                schedule: { cron: "0 * * * *" }
                steps: [ { id: a, agent: w } ]
                """);
        assertThat(d.schedule().timeZone()).isEqualTo("UTC");
        assertThat(d.schedule().overlap()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(d.schedule().catchUp()).isEqualTo(CatchUpPolicy.SKIP_MISSED);
        assertThat(d.schedule().input()).isEmpty();
        assertThat(parser.parse("name: plain\nsteps: [ { id: a, agent: w } ]\n").schedule()).isNull();
    }

    @Test
    void badScheduleBlocksAreRefusedWithLineAndField() {
        assertThat(errors("""
                name: nightly
                schedule:
                  cron: "0 25 * * *"
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::path).containsExactly("schedule.cron");
        assertThat(errors("""
                name: nightly
                schedule: { cron: "0 2 * * *", time_zone: Mars/Base, overlap: sometimes, end_at: tomorrow }
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::path, DefinitionError::message).contains(
                org.assertj.core.groups.Tuple.tuple("schedule.overlap",
                        "must be one of skip, allow, cancel_previous, but got 'sometimes'"),
                org.assertj.core.groups.Tuple.tuple("schedule.end_at",
                        "expected an RFC 3339 instant like 2026-01-01T00:00:00Z, but got 'tomorrow'"));
        assertThat(errors("""
                name: nightly
                schedule: { cron: "0 2 * * *", time_zone: Mars/Base }
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::path, DefinitionError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schedule.time_zone", "unknown zone 'Mars/Base'; expected an "
                        + "IANA time zone id such as 'Europe/Paris' or 'UTC'"));
        assertThat(errors("""
                name: nightly
                input: { type: object, required: [topic] }
                schedule: { cron: "0 2 * * *", input: { other: 1 } }
                steps: [ { id: a, agent: w } ]
                """)).extracting(DefinitionError::path).containsExactly("schedule.input");
    }
}
