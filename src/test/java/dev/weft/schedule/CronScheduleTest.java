package dev.weft.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Unix five-field cron in an IANA zone: validation that names the field, next fire times, daylight saving. */
class CronScheduleTest {

    @Test
    void nextFireTimesFollowTheExpressionInItsZone() {
        CronSchedule daily = CronSchedule.parse("30 9 * * MON-FRI", "Europe/Paris");
        // Friday 2026-01-09 10:00 Paris: the next ones are Monday to Friday at 09:30 Paris (08:30 UTC in winter).
        assertThat(daily.next(Instant.parse("2026-01-09T09:00:00Z"), 3, null)).containsExactly(
                Instant.parse("2026-01-12T08:30:00Z"), Instant.parse("2026-01-13T08:30:00Z"),
                Instant.parse("2026-01-14T08:30:00Z"));
    }

    @Test
    void anEmptyZoneIsUtc() {
        assertThat(CronSchedule.parse("0 * * * *", "").zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void fireTimesStopAtTheEnd() {
        CronSchedule hourly = CronSchedule.parse("0 * * * *", "UTC");
        assertThat(hourly.next(Instant.parse("2026-01-01T00:00:00Z"), 5, Instant.parse("2026-01-01T02:00:00Z")))
                .containsExactly(Instant.parse("2026-01-01T01:00:00Z"), Instant.parse("2026-01-01T02:00:00Z"));
    }

    @Test
    void theLatestFireAtOrBeforeAnInstantIncludesThatInstant() {
        CronSchedule hourly = CronSchedule.parse("0 * * * *", "UTC");
        assertThat(hourly.latestAtOrBefore(Instant.parse("2026-01-01T05:00:00Z")))
                .contains(Instant.parse("2026-01-01T05:00:00Z"));
        assertThat(hourly.latestAtOrBefore(Instant.parse("2026-01-01T05:59:59Z")))
                .contains(Instant.parse("2026-01-01T05:00:00Z"));
    }

    @Test
    void aWrongNumberOfFieldsIsRefusedSayingWhatTheFiveAre() {
        assertThatThrownBy(() -> CronSchedule.parse("0 9 * *", "UTC"))
                .isInstanceOf(ScheduleSpecException.class)
                .hasMessage("cron: expected 5 fields (minute hour day-of-month month day-of-week), but got 4 in '0 9 * *'");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 9 * * *", "UTC"))
                .hasMessageStartingWith("cron: expected 5 fields");
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingItsField() {
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *", "UTC"))
                .isInstanceOf(ScheduleSpecException.class)
                .hasMessageStartingWith("cron: hour field '25' is invalid: ");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC"))
                .hasMessageStartingWith("cron: minute field '61' is invalid: ");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * FOO *", "UTC"))
                .hasMessageStartingWith("cron: month field 'FOO' is invalid: ");
        assertThatThrownBy(() -> CronSchedule.parse("", "UTC")).hasMessageStartingWith("cron: required");
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> CronSchedule.parse("0 * * * *", "Mars/Base"))
                .isInstanceOf(ScheduleSpecException.class)
                .hasMessageStartingWith("time_zone: unknown zone 'Mars/Base'");
        assertThatThrownBy(() -> CronSchedule.parse("0 * * * *", "+02:00"))
                .hasMessageStartingWith("time_zone: unknown zone '+02:00'");
    }

    @Test
    void onASpringForwardDayAFireTimeInTheSkippedHourDoesNotFireThatDay() {
        // 2026-03-08, America/New_York: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
        CronSchedule at0230 = CronSchedule.parse("30 2 * * *", "America/New_York");
        assertThat(at0230.next(Instant.parse("2026-03-07T12:00:00Z"), 2, null)).containsExactly(
                Instant.parse("2026-03-09T06:30:00Z"), Instant.parse("2026-03-10T06:30:00Z"));
        // A time that exists keeps its wall clock across the change: 08:00 EST, then 08:00 EDT.
        CronSchedule at0800 = CronSchedule.parse("0 8 * * *", "America/New_York");
        assertThat(at0800.next(Instant.parse("2026-03-07T12:00:00Z"), 3, null)).containsExactly(
                Instant.parse("2026-03-07T13:00:00Z"), Instant.parse("2026-03-08T12:00:00Z"),
                Instant.parse("2026-03-09T12:00:00Z"));
    }

    @Test
    void onAFallBackDayAFireTimeInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
        // 2026-11-01, America/New_York: 02:00 EDT goes back to 01:00 EST, so 01:30 happens twice.
        CronSchedule at0130 = CronSchedule.parse("30 1 * * *", "America/New_York");
        var fires = at0130.next(Instant.parse("2026-10-31T12:00:00Z"), 2, null);
        // 01:30 EDT is 05:30 UTC; the second 01:30 (EST, 06:30 UTC) does not fire again.
        assertThat(fires).containsExactly(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
        // An hourly schedule fires every real hour through the change: 05:00, 06:00 and 07:00 UTC.
        CronSchedule hourly = CronSchedule.parse("0 * * * *", "America/New_York");
        assertThat(hourly.next(Instant.parse("2026-11-01T04:30:00Z"), 3, null)).containsExactly(
                Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T06:00:00Z"),
                Instant.parse("2026-11-01T07:00:00Z"));
    }

    @Test
    void anExpressionThatNeverFiresIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *", "UTC"))
                .isInstanceOf(ScheduleSpecException.class)
                .hasMessageStartingWith("cron: '0 0 31 2 *' never fires");
    }
}
