package dev.weft.schedule;

import dev.weft.store.Json;
import dev.weft.store.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Schedules and their fires in PostgreSQL (V13): the reactive client, one statement per operation. */
@ApplicationScoped
public class PgScheduleStore {
    private static final String COLUMNS = "tenant, id, workflow, version, cron, time_zone, input::text, overlap, "
            + "catch_up, start_at, end_at, paused, declared, next_fire_at, last_fire_at, last_outcome, "
            + "last_execution_id, created_at, updated_at";

    @Inject
    Pool pool;

    public PgScheduleStore() {
    }

    public PgScheduleStore(Pool pool) {
        this.pool = pool;
    }

    /** False when the tenant already has a schedule of that id. */
    public Uni<Boolean> insert(StoredSchedule s) {
        return pool.preparedQuery("insert into schedules (tenant, id, workflow, version, cron, time_zone, input, "
                        + "overlap, catch_up, start_at, end_at, paused, declared, next_fire_at, created_at, updated_at) "
                        + "values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10, $11, $12, $13, $14, $15, $15) "
                        + "on conflict (tenant, id) do nothing")
                .execute(specTuple(s).addBoolean(s.paused()).addBoolean(s.declared())
                        .addValue(ts(s.nextFireAt())).addValue(ts(s.createdAt())))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Tuple specTuple(StoredSchedule s) {
        ScheduleSpec p = s.spec();
        return Tuple.tuple().addString(s.tenant()).addString(s.id()).addString(p.workflow()).addInteger(p.version())
                .addString(p.cron()).addString(p.timeZone()).addString(Json.write(p.input()))
                .addString(p.overlap().name()).addString(p.catchUp().name())
                .addValue(ts(p.startAt())).addValue(ts(p.endAt()));
    }

    public Uni<Optional<StoredSchedule>> find(String tenant, String id) {
        return pool.preparedQuery("select " + COLUMNS + " from schedules where tenant = $1 and id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(schedule(rows.iterator().next())) : Optional.empty());
    }

    /** The tenant's schedules by id; those of one workflow when {@code workflow} is not blank. */
    public Uni<List<StoredSchedule>> list(String tenant, String workflow) {
        boolean all = workflow == null || workflow.isBlank();
        return pool.preparedQuery("select " + COLUMNS + " from schedules where tenant = $1"
                        + (all ? "" : " and workflow = $2") + " order by id limit 1000")
                .execute(all ? Tuple.of(tenant) : Tuple.of(tenant, workflow))
                .map(rows -> {
                    List<StoredSchedule> out = new ArrayList<>();
                    rows.forEach(r -> out.add(schedule(r)));
                    return out;
                });
    }

    /** False when there is no such schedule. */
    public Uni<Boolean> setPaused(String tenant, String id, boolean paused, Instant nextFireAt, Instant now) {
        return pool.preparedQuery("update schedules set paused = $3, next_fire_at = $4, updated_at = $5 "
                        + "where tenant = $1 and id = $2")
                .execute(Tuple.of(tenant, id, paused, ts(nextFireAt), ts(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** False when there is no such schedule. Its fires go with it; the executions it started stay. */
    public Uni<Boolean> delete(String tenant, String id) {
        return pool.preparedQuery("delete from schedules where tenant = $1 and id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The latest fires first. */
    public Uni<List<FireRecord>> recentFires(String tenant, String id, int limit) {
        return pool.preparedQuery("select fire_at, outcome, execution_id, detail, recorded_at from schedule_fires "
                        + "where tenant = $1 and schedule_id = $2 order by fire_at desc limit $3")
                .execute(Tuple.of(tenant, id, limit))
                .map(rows -> {
                    List<FireRecord> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new FireRecord(instant(r.getOffsetDateTime(0)),
                            FireOutcome.valueOf(r.getString(1)), r.getString(2), r.getString(3),
                            instant(r.getOffsetDateTime(4)))));
                    return out;
                });
    }

    /** Runs {@code work} in one transaction: the claim's row locks last until it commits. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Due schedules, locked for this transaction; those another replica holds are skipped, not waited for. */
    public Uni<List<StoredSchedule>> claimDue(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery("select " + COLUMNS + " from schedules where not paused and next_fire_at <= $1 "
                        + "order by next_fire_at limit $2 for update skip locked")
                .execute(Tuple.of(ts(now), limit))
                .map(rows -> {
                    List<StoredSchedule> out = new ArrayList<>();
                    rows.forEach(r -> out.add(schedule(r)));
                    return out;
                });
    }

    /** Keeps what became of a fire time; a second record of the same time changes nothing. */
    public Uni<Void> recordFire(SqlClient tx, String tenant, String scheduleId, FireRecord fire) {
        return tx.preparedQuery("insert into schedule_fires (tenant, schedule_id, fire_at, outcome, execution_id, "
                        + "detail, recorded_at) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing")
                .execute(Tuple.tuple().addString(tenant).addString(scheduleId).addValue(ts(fire.fireAt()))
                        .addString(fire.outcome().name()).addString(fire.executionId()).addString(fire.detail())
                        .addValue(ts(fire.recordedAt())))
                .replaceWithVoid();
    }

    /**
     * Moves the schedule on after a fire. {@code executionId} null keeps the previous one, which
     * the overlap policy still has to watch.
     */
    public Uni<Void> advance(SqlClient tx, String tenant, String scheduleId, Instant nextFireAt, Instant lastFireAt,
                             FireOutcome outcome, String executionId, Instant now) {
        return tx.preparedQuery("update schedules set next_fire_at = $3, last_fire_at = $4, last_outcome = $5, "
                        + "last_execution_id = coalesce($6, last_execution_id), updated_at = $7 "
                        + "where tenant = $1 and id = $2")
                .execute(Tuple.tuple().addString(tenant).addString(scheduleId).addValue(ts(nextFireAt))
                        .addValue(ts(lastFireAt)).addString(outcome == null ? null : outcome.name())
                        .addString(executionId).addValue(ts(now)))
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private static StoredSchedule schedule(Row r) {
        ScheduleSpec spec = new ScheduleSpec(r.getString(2), r.getInteger(3), r.getString(4), r.getString(5),
                (Map<String, Object>) Json.readTree(r.getString(6)), OverlapPolicy.valueOf(r.getString(7)),
                CatchUpPolicy.valueOf(r.getString(8)), instant(r.getOffsetDateTime(9)), instant(r.getOffsetDateTime(10)));
        String outcome = r.getString(15);
        return new StoredSchedule(r.getString(0), r.getString(1), spec, r.getBoolean(11), r.getBoolean(12),
                instant(r.getOffsetDateTime(13)), instant(r.getOffsetDateTime(14)),
                outcome == null ? null : FireOutcome.valueOf(outcome), r.getString(16),
                instant(r.getOffsetDateTime(17)), instant(r.getOffsetDateTime(18)));
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : Timestamps.of(i);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : Timestamps.of(t);
    }
}
