package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.TaskIds;
import dev.weft.engine.TaskIds.TaskRef;
import dev.weft.runtime.port.OutboxStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The outbox's other half in PostgreSQL: claims, releases and the forgetting of accepted messages,
 * for outbox rows (ADR 0002) and for task messages kept as a claim in their step rows (ADR 0016),
 * whose messages a sweep rebuilds from their {@code TaskDispatched} events.
 */
public class PgOutboxStore implements OutboxStore {
    private static final Logger LOG = Logger.getLogger(PgOutboxStore.class);

    /** The step rows of the given attempts ({@code $1..$3}), while they hold a claim. */
    private static final String OF_ATTEMPTS = """
            from unnest($1::text[], $2::text[], $3::int[]) as k(execution_id, step_id, attempt)
            where s.execution_id = k.execution_id and s.step_id = k.step_id and s.attempt = k.attempt
              and s.send_claimed_until is not null""";
    private static final String FORGET_STEPS = "update step_runs s set send_claimed_until = null " + OF_ATTEMPTS;
    private static final String RELEASE_STEPS = "update step_runs s set send_claimed_until = '-infinity' "
            + OF_ATTEMPTS;
    private static final String CLAIM_ROWS = """
            update outbox set claimed_until = $2
            where id in (select id from outbox where claimed_until < $1
                         order by id limit $3 for update skip locked)
            returning id, execution_id, task_id, address, message::text, ready_at""";
    /** The execution's first event is its ExecutionStarted: the trace its tasks continue, and whether they are shadow. */
    private static final String CLAIM_STEPS = """
            with claimed as (
                update step_runs s set send_claimed_until = $2
                where (s.execution_id, s.step_id) in (
                    select execution_id, step_id from step_runs where send_claimed_until < $1
                    order by send_claimed_until limit $3 for update skip locked)
                returning s.execution_id, s.step_id, s.attempt)
            select c.execution_id, c.step_id, c.attempt, x.tenant, started.schema_version, started.payload::text,
                   d.schema_version, d.payload::text
            from claimed c
            join executions x on x.id = c.execution_id
            left join execution_events started on started.execution_id = c.execution_id and started.seq = 1
            left join execution_events d on d.execution_id = c.execution_id and d.type = 'TaskDispatched'
                 and d.step_id = c.step_id and (d.payload->>'attempt')::int = c.attempt""";

    private final SqlClient pool;
    private final Function<UnsentDispatch, OutboxMessage> rebuild;

    /**
     * @param pool    the pool (or, in a test, one connection)
     * @param rebuild the task message of a dispatched attempt, from its event
     */
    public PgOutboxStore(SqlClient pool, Function<UnsentDispatch, OutboxMessage> rebuild) {
        this.pool = pool;
        this.rebuild = rebuild;
    }

    @Override
    public Uni<Void> delete(List<OutboxMessage.Key> accepted) {
        return both(accepted, "delete from outbox where id = any($1)", FORGET_STEPS);
    }

    @Override
    public Uni<Void> release(List<OutboxMessage.Key> unsent) {
        return both(unsent, "update outbox set claimed_until = '-infinity' where id = any($1)", RELEASE_STEPS);
    }

    /** One statement for the outbox rows among {@code keys}, one for the step rows. */
    private Uni<Void> both(List<OutboxMessage.Key> keys, String rowsSql, String stepsSql) {
        List<Long> ids = new ArrayList<>();
        List<String> executions = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        for (OutboxMessage.Key k : keys) {
            if (k.taskId() == null) {
                ids.add(k.outboxId());
                continue;
            }
            TaskRef ref = TaskIds.parse(k.taskId()).orElseThrow(() -> new IllegalArgumentException(
                    "Expected a task id of a step row, but got '" + k.taskId() + "'"));
            executions.add(ref.executionId());
            steps.add(ref.stepId());
            attempts.add(ref.attempt());
        }
        Uni<Void> rows = ids.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery(rowsSql).execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
        Uni<Void> stepRows = executions.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery(stepsSql).execute(Tuple.of(executions.toArray(String[]::new),
                        steps.toArray(String[]::new), attempts.toArray(Integer[]::new))).replaceWithVoid();
        return Uni.combine().all().unis(rows, stepRows).discardItems();
    }

    @Override
    public Uni<List<OutboxMessage>> claimUnsent(Instant now, Duration lease, int limit) {
        Tuple args = Tuple.of(Timestamps.of(now), Timestamps.of(now.plus(lease)), limit);
        Uni<List<OutboxMessage>> rows = pool.preparedQuery(CLAIM_ROWS).execute(args).map(set -> {
            List<OutboxMessage> list = new ArrayList<>();
            for (Row r : set) {
                list.add(new OutboxMessage(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), Timestamps.of(r.getOffsetDateTime(5)), null, OutboxMessage.Kept.OUTBOX_ROW));
            }
            list.sort(Comparator.comparingLong(OutboxMessage::id));
            return list;
        });
        Uni<List<OutboxMessage>> steps = pool.preparedQuery(CLAIM_STEPS).execute(args).map(set -> {
            List<OutboxMessage> list = new ArrayList<>();
            for (Row r : set) {
                String executionId = r.getString(0);
                String payload = r.getString(7);
                String start = r.getString(5);
                if (payload == null || start == null) {
                    // Cannot happen while events are immutable; the claim runs out and is logged again.
                    LOG.errorf("step %s of execution %s holds an unsent task of attempt %d, but its TaskDispatched"
                            + " or ExecutionStarted event is not stored", r.getString(1), executionId, r.getInteger(2));
                    continue;
                }
                var started = (ExecutionEvent.ExecutionStarted) EventCodec.decode("ExecutionStarted", r.getShort(4),
                        start);
                var dispatch = (ExecutionEvent.TaskDispatched) EventCodec.decode("TaskDispatched", r.getShort(6),
                        payload);
                list.add(rebuild.apply(new UnsentDispatch(executionId, r.getString(3), started.traceparent(),
                        started.shadow(), dispatch)));
            }
            return list;
        });
        return Uni.combine().all().unis(rows, steps).with((a, b) -> {
            List<OutboxMessage> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }
}
