package dev.weft.api.grpc;

import dev.weft.api.v1.CatchUpPolicy;
import dev.weft.api.v1.FireOutcome;
import dev.weft.api.v1.OverlapPolicy;
import dev.weft.api.v1.Schedule;
import dev.weft.api.v1.ScheduleFire;
import dev.weft.api.v1.ScheduleSpec;
import dev.weft.schedule.FireRecord;
import dev.weft.schedule.ScheduleSpecException;
import dev.weft.schedule.ScheduleView;
import dev.weft.schedule.StoredSchedule;
import java.time.Instant;

/** Maps schedules between the proto messages and {@code dev.weft.schedule}'s records. */
final class ScheduleViews {
    private ScheduleViews() {
    }

    /** @throws ScheduleSpecException naming the enum field that has an unknown value */
    static dev.weft.schedule.ScheduleSpec spec(ScheduleSpec p) {
        return new dev.weft.schedule.ScheduleSpec(p.getWorkflow(), p.getVersion(), p.getCron(), p.getTimeZone(),
                ValueMapper.toMap(p.getInput()), overlap(p.getOverlap()), catchUp(p.getCatchUp()),
                p.hasStartAt() ? instant(p.getStartAt()) : null, p.hasEndAt() ? instant(p.getEndAt()) : null);
    }

    private static dev.weft.schedule.OverlapPolicy overlap(OverlapPolicy p) {
        return switch (p) {
            case OVERLAP_POLICY_UNSPECIFIED, OVERLAP_POLICY_SKIP -> dev.weft.schedule.OverlapPolicy.SKIP;
            case OVERLAP_POLICY_ALLOW -> dev.weft.schedule.OverlapPolicy.ALLOW;
            case OVERLAP_POLICY_CANCEL_PREVIOUS -> dev.weft.schedule.OverlapPolicy.CANCEL_PREVIOUS;
            case UNRECOGNIZED -> throw new ScheduleSpecException("spec.overlap", "unknown value");
        };
    }

    private static dev.weft.schedule.CatchUpPolicy catchUp(CatchUpPolicy p) {
        return switch (p) {
            case CATCH_UP_POLICY_UNSPECIFIED, CATCH_UP_POLICY_SKIP_MISSED -> dev.weft.schedule.CatchUpPolicy.SKIP_MISSED;
            case CATCH_UP_POLICY_RUN_ONCE -> dev.weft.schedule.CatchUpPolicy.RUN_ONCE;
            case UNRECOGNIZED -> throw new ScheduleSpecException("spec.catch_up", "unknown value");
        };
    }

    static Schedule schedule(ScheduleView v) {
        StoredSchedule s = v.schedule();
        dev.weft.schedule.ScheduleSpec p = s.spec();
        ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setWorkflow(p.workflow()).setVersion(p.version())
                .setCron(p.cron()).setTimeZone(p.timeZone()).setInput(ValueMapper.toStruct(p.input()))
                .setOverlap(switch (p.overlap()) {
                    case SKIP -> OverlapPolicy.OVERLAP_POLICY_SKIP;
                    case ALLOW -> OverlapPolicy.OVERLAP_POLICY_ALLOW;
                    case CANCEL_PREVIOUS -> OverlapPolicy.OVERLAP_POLICY_CANCEL_PREVIOUS;
                })
                .setCatchUp(switch (p.catchUp()) {
                    case SKIP_MISSED -> CatchUpPolicy.CATCH_UP_POLICY_SKIP_MISSED;
                    case RUN_ONCE -> CatchUpPolicy.CATCH_UP_POLICY_RUN_ONCE;
                });
        if (p.startAt() != null) {
            spec.setStartAt(ExecutionViews.ts(p.startAt()));
        }
        if (p.endAt() != null) {
            spec.setEndAt(ExecutionViews.ts(p.endAt()));
        }
        Schedule.Builder b = Schedule.newBuilder().setScheduleId(s.id()).setTenant(s.tenant()).setSpec(spec)
                .setPaused(s.paused()).setDeclared(s.declared()).setCreatedAt(ExecutionViews.ts(s.createdAt()));
        v.nextFireTimes().forEach(t -> b.addNextFireTimes(ExecutionViews.ts(t)));
        v.recentFires().forEach(f -> b.addRecentFires(fire(f)));
        if (!v.recentFires().isEmpty()) {
            b.setLastFire(fire(v.recentFires().getFirst()));
        }
        return b.build();
    }

    private static ScheduleFire fire(FireRecord f) {
        return ScheduleFire.newBuilder().setFireTime(ExecutionViews.ts(f.fireAt()))
                .setOutcome(switch (f.outcome()) {
                    case STARTED -> FireOutcome.FIRE_OUTCOME_STARTED;
                    case SKIPPED_OVERLAP -> FireOutcome.FIRE_OUTCOME_SKIPPED_OVERLAP;
                    case MISSED -> FireOutcome.FIRE_OUTCOME_MISSED;
                    case FAILED -> FireOutcome.FIRE_OUTCOME_FAILED;
                })
                .setExecutionId(f.executionId() == null ? "" : f.executionId())
                .setDetail(f.detail())
                .setRecordedAt(ExecutionViews.ts(f.recordedAt()))
                .build();
    }

    private static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
