package dev.weft.schedule;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.store.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A definition's {@code schedule:} block made the schedule {@code workflow:<name>}, inside the
 * transaction that registers the version: the version and its schedule commit together or not at
 * all. A version without the block removes the declared schedule (never one made by CreateSchedule).
 * Registering again keeps whether the schedule is paused and what it fired.
 */
@ApplicationScoped
public class DeclaredSchedules {
    private static final String UPSERT = """
            insert into schedules (tenant, id, workflow, version, cron, time_zone, input, overlap, catch_up,
                                   start_at, end_at, paused, declared, next_fire_at, created_at, updated_at)
            values (?1, ?2, ?3, 0, ?4, ?5, cast(?6 as text)::jsonb, ?7, ?8, nullif(?9, '')::timestamptz,
                    nullif(?10, '')::timestamptz, false, true, nullif(?11, '')::timestamptz,
                    cast(?12 as text)::timestamptz, cast(?12 as text)::timestamptz)
            on conflict (tenant, id) do update set workflow = excluded.workflow, version = 0, cron = excluded.cron,
                time_zone = excluded.time_zone, input = excluded.input, overlap = excluded.overlap,
                catch_up = excluded.catch_up, start_at = excluded.start_at, end_at = excluded.end_at, declared = true,
                next_fire_at = case when schedules.paused then schedules.next_fire_at else excluded.next_fire_at end,
                updated_at = excluded.updated_at""";

    @Inject
    InstantSource clock;

    public Uni<Void> apply(Mutiny.Session session, String tenant, WorkflowDefinition definition) {
        String id = ScheduleKeys.declaredScheduleId(definition.name());
        WorkflowDefinition.ScheduleDeclaration d = definition.schedule();
        if (d == null) {
            return session.createNativeQuery("delete from schedules where tenant = ?1 and id = ?2 and declared")
                    .setParameter(1, tenant).setParameter(2, id).executeUpdate().replaceWithVoid();
        }
        Instant now = clock.instant();
        CronSchedule cron = CronSchedule.parse(d.cron(), d.timeZone());
        String next = FirePlanner.first(cron, now, d.startAt(), d.endAt()).map(Instant::toString).orElse("");
        return session.createNativeQuery(UPSERT)
                .setParameter(1, tenant).setParameter(2, id).setParameter(3, definition.name())
                .setParameter(4, d.cron()).setParameter(5, d.timeZone()).setParameter(6, Json.write(d.input()))
                .setParameter(7, d.overlap().name()).setParameter(8, d.catchUp().name())
                .setParameter(9, text(d.startAt())).setParameter(10, text(d.endAt())).setParameter(11, next)
                .setParameter(12, now.toString())
                .executeUpdate().replaceWithVoid();
    }

    private static String text(Instant i) {
        return i == null ? "" : i.toString();
    }
}
