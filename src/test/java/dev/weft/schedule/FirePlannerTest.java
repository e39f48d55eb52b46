package dev.weft.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which fire runs after a poll, which were missed while no replica ran, and the overlap decisions. */
class FirePlannerTest {
    static final CronSchedule HOURLY = CronSchedule.parse("0 * * * *", "UTC");
    static final Duration GRACE = Duration.ofMinutes(1);

    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void aFirePolledOnTimeRunsAndTheNextIsTheFollowingTime() {
        var plan = FirePlanner.plan(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-01T10:00:01Z"),
                CatchUpPolicy.SKIP_MISSED, GRACE, null);
        assertThat(plan.toRun()).contains(t("2026-01-01T10:00:00Z"));
        assertThat(plan.missed()).isZero();
        assertThat(plan.next()).contains(t("2026-01-01T11:00:00Z"));
    }

    @Test
    void skipMissedRunsNothingForFiresMissedWhileNoReplicaRanAndSchedulesTheNextFutureOne() {
        // Down from 09:30 to 13:20: 10:00, 11:00, 12:00 and 13:00 were missed.
        var plan = FirePlanner.plan(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-01T13:20:00Z"),
                CatchUpPolicy.SKIP_MISSED, GRACE, null);
        assertThat(plan.toRun()).isEmpty();
        assertThat(plan.missed()).isEqualTo(4);
        assertThat(plan.latestMissed()).contains(t("2026-01-01T13:00:00Z"));
        assertThat(plan.next()).contains(t("2026-01-01T14:00:00Z"));
    }

    @Test
    void skipMissedStillRunsTheLatestFireWhenItIsWithinTheGrace() {
        var plan = FirePlanner.plan(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-01T13:00:30Z"),
                CatchUpPolicy.SKIP_MISSED, GRACE, null);
        assertThat(plan.toRun()).contains(t("2026-01-01T13:00:00Z"));
        assertThat(plan.missed()).isEqualTo(3);
        assertThat(plan.latestMissed()).contains(t("2026-01-01T12:00:00Z"));
    }

    @Test
    void runOnceStartsOneExecutionUnderTheLatestMissedFire() {
        var plan = FirePlanner.plan(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-01T13:20:00Z"),
                CatchUpPolicy.RUN_ONCE, GRACE, null);
        assertThat(plan.toRun()).contains(t("2026-01-01T13:00:00Z"));
        assertThat(plan.missed()).isEqualTo(3);
        assertThat(plan.latestMissed()).contains(t("2026-01-01T12:00:00Z"));
        assertThat(plan.next()).contains(t("2026-01-01T14:00:00Z"));
    }

    @Test
    void aScheduleWhoseEndHasPassedRunsNoFireAfterItAndHasNoNext() {
        var plan = FirePlanner.plan(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-01T13:20:00Z"),
                CatchUpPolicy.RUN_ONCE, GRACE, t("2026-01-01T11:30:00Z"));
        assertThat(plan.toRun()).contains(t("2026-01-01T11:00:00Z"));
        assertThat(plan.missed()).isEqualTo(1);
        assertThat(plan.next()).isEmpty();
    }

    @Test
    void theFirstFireIsAfterNowAndNotBeforeTheStart() {
        assertThat(FirePlanner.first(HOURLY, t("2026-01-01T10:00:00Z"), null, null))
                .contains(t("2026-01-01T11:00:00Z"));
        assertThat(FirePlanner.first(HOURLY, t("2026-01-01T10:00:00Z"), t("2026-01-02T00:00:00Z"), null))
                .contains(t("2026-01-02T00:00:00Z"));
        assertThat(FirePlanner.first(HOURLY, t("2026-01-01T10:00:00Z"), null, t("2026-01-01T10:30:00Z")))
                .isEqualTo(Optional.empty());
    }

    @Test
    void overlapSkipAndCancelPreviousActOnlyWhileThePreviousExecutionIsAlive() {
        assertThat(OverlapDecision.of(OverlapPolicy.SKIP, true)).isEqualTo(OverlapDecision.SKIP);
        assertThat(OverlapDecision.of(OverlapPolicy.SKIP, false)).isEqualTo(OverlapDecision.START);
        assertThat(OverlapDecision.of(OverlapPolicy.ALLOW, true)).isEqualTo(OverlapDecision.START);
        assertThat(OverlapDecision.of(OverlapPolicy.CANCEL_PREVIOUS, true))
                .isEqualTo(OverlapDecision.CANCEL_PREVIOUS_THEN_START);
        assertThat(OverlapDecision.of(OverlapPolicy.CANCEL_PREVIOUS, false)).isEqualTo(OverlapDecision.START);
    }

    @Test
    void aFireRequestIdNamesItsScheduleAndFireTimeAndParsesBack() {
        String id = ScheduleKeys.fireRequestId("nightly:report", t("2026-01-01T10:00:00Z"));
        assertThat(id).isEqualTo("schedule:nightly:report@2026-01-01T10:00:00Z");
        assertThat(ScheduleKeys.parseFireRequestId(id))
                .contains(new ScheduleKeys.Fire("nightly:report", t("2026-01-01T10:00:00Z")));
        assertThat(ScheduleKeys.parseFireRequestId("chain:1:x:complete:0:0")).isEmpty();
    }
}
