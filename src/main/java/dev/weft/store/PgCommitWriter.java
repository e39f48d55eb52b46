package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.engine.StepStatus;
import dev.weft.engine.TaskIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the decisions of many executions in one transaction, one batched statement per table.
 * Inserting an event whose sequence already exists fails the transaction: that unique key is
 * the optimistic concurrency check between replicas.
 */
final class PgCommitWriter {

    /** The workflow deadline's columns in an update of its execution row, given the positions of the change and the value. */
    private static final String EXECUTION_DEADLINE_SET = """
            deadline_at = case $%1$d::int when 0 then deadline_at else $%2$d end,
            deadline_claimed_until = case $%1$d::int when 0 then deadline_claimed_until else null end""";
    private static final String INSERT_EVENT = """
            insert into execution_events (execution_id, seq, type, schema_version, step_id, payload, recorded_at)
            values ($1, $2, $3, $4, $5, $6::text::jsonb, $7)""";
    private static final String INSERT_EXECUTION = """
            insert into executions (id, tenant, workflow_name, workflow_version, status, request_id, input, output,
                                    error, started_at, ended_at, updated_at, version, request_fingerprint,
                                    parent_execution_id, deadline_at, shadow)
            values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10, $11, $12, $13,
                    $14, $15, $16, $17)""";
    /**
     * Only on top of the version the decision was taken on: a stale cache can never move the row back.
     * {@code $9} is the {@link DeadlineColumns.Change} of the workflow deadline, {@code $10} its new value.
     */
    private static final String UPDATE_EXECUTION = """
            update executions set status = $2, output = $3::text::jsonb, error = $4::text::jsonb, ended_at = $5,
                                  updated_at = $6, version = $7, """ + EXECUTION_DEADLINE_SET.formatted(9, 10) + """

            where id = $1 and version = $8""";
    /**
     * A decision that only consumed timers changed nothing else, but it was still taken on a
     * state: the timer may go only if that state is the stored one (a stale cache would otherwise
     * throw away a timer it did not understand).
     */
    private static final String CHECK_VERSION = "update executions set "
            + EXECUTION_DEADLINE_SET.formatted(3, 4) + " where id = $1 and version = $2";
    /**
     * {@code $14} is the claim on the task message this commit dispatched for the step (ADR 0016),
     * or null: a write for another attempt, or once the step is no longer running, clears a
     * claim; any other write keeps it (the message may still be unsent).
     */
    private static final String UPSERT_STEP = """
            insert into step_runs (execution_id, step_id, status, attempt, agent_id, started_at, ended_at, output,
                                   error, skip_reason, deadline_at, deadline_attempt, send_claimed_until)
            values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9::text::jsonb, $10, $11, $12, $14)
            on conflict (execution_id, step_id) do update set status = excluded.status, attempt = excluded.attempt,
                agent_id = excluded.agent_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
                output = excluded.output, error = excluded.error, skip_reason = excluded.skip_reason,
                send_claimed_until = case when excluded.send_claimed_until is not null then excluded.send_claimed_until
                    when excluded.attempt = step_runs.attempt and excluded.status = 'RUNNING'
                        then step_runs.send_claimed_until
                    else null end,
            """ + DeadlineColumns.STEP_UPSERT_SET;
    private static final String UPSERT_TIMER = """
            insert into timers (id, execution_id, kind, step_id, attempt, due_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (id) do update set due_at = excluded.due_at, claimed_until = null""";
    private static final String DELETE_TIMER = "delete from timers where id = $1";
    private static final String INSERT_DEAD_LETTER = """
            insert into dead_letters (received_at, source, reason, properties, body, body_bytes, tenant,
                                      execution_id, step_id, attempt, task_id)
            values ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9, $10, $11)""";
    /** Only an open dead letter is resolved; resolving it twice changes nothing. */
    private static final String RESOLVE_DEAD_LETTER = """
            update dead_letters set status = $2, resolution = $3, resolved_at = $4
            where id = $1 and status = 'OPEN'""";
    private static final String DELETE_TIMERS_OF = "delete from timers where execution_id = $1";
    /** Other replicas' watchers learn of the commit this way (delivered only if it commits). */
    private static final String NOTIFY = "select pg_notify('" + PgChangeListener.CHANNEL + "', $1)";

    /** Returns the messages to send of all requests in request order, outbox rows with their row ids. */
    Uni<List<OutboxMessage>> write(SqlConnection conn, List<CommitRequest> requests) {
        List<Tuple> events = new ArrayList<>();
        List<Tuple> inserts = new ArrayList<>();
        List<Tuple> updates = new ArrayList<>();
        List<Tuple> steps = new ArrayList<>();
        CommitMessages messages = new CommitMessages();
        List<Tuple> timerUpserts = new ArrayList<>();
        List<Tuple> timerDeletes = new ArrayList<>();
        List<Tuple> timerClears = new ArrayList<>();
        List<Tuple> deadlineClears = new ArrayList<>();
        List<CommitRequest> changing = new ArrayList<>();
        List<Tuple> versionChecks = new ArrayList<>();
        List<Tuple> deadLetters = new ArrayList<>();
        List<Tuple> resolutions = new ArrayList<>();
        WaitRows waits = new WaitRows();
        for (CommitRequest r : requests) {
            ExecutionState s = r.state();
            DeadlineColumns deadlines = new DeadlineColumns(r);
            collectTimers(r, deadlines, timerUpserts, timerDeletes, timerClears);
            for (DeadLetter d : r.deadLetters()) {
                deadLetters.add(PgDeadLetterStore.tuple(d));
            }
            for (DeadLetterResolution x : r.resolutions()) {
                resolutions.add(Tuple.of(x.deadLetterId(), x.status(), x.note(), Timestamps.of(r.now())));
            }
            Set<String> stepIds = r.events().isEmpty() ? new HashSet<>() : changedSteps(r);
            deadlines.startedSteps().forEach(stepIds::add);
            Set<String> dispatched = CommitMessages.dispatchedTasks(r);
            for (String stepId : stepIds) {
                StepState st = s.step(stepId);
                boolean sending = st.status() == StepStatus.RUNNING
                        && dispatched.contains(TaskIds.taskId(s.executionId(), stepId, st.attempt()));
                Object[] values = concat(new Object[]{s.executionId(), stepId, st.status().name(), st.attempt(),
                        st.agentId(), Timestamps.of(st.startedAt()), Timestamps.of(st.endedAt()), json(st.output()),
                        json(st.error()), st.skipReason()}, deadlines.step(st).values());
                steps.add(Tuple.from(concat(values, new Object[]{
                        sending ? Timestamps.of(r.outboxClaimedUntil()) : null})));
            }
            deadlineClears.addAll(deadlines.separateClears(s.executionId(), stepIds::contains, s::step));
            Object[] executionDeadline = {deadlines.executionChange().code,
                    Timestamps.of(deadlines.executionDeadline())};
            if (r.events().isEmpty()) {
                // Only consumed timers: the execution did not change, but the decision must have
                // been taken on the stored state.
                versionChecks.add(Tuple.from(concat(new Object[]{s.executionId(), r.expectedSequence()},
                        executionDeadline)));
                continue;
            }
            changing.add(r);
            collectEvents(r, events);
            waits.collect(r);
            if (r.createsExecution()) {
                inserts.add(Tuple.from(new Object[]{s.executionId(), s.tenant(), s.workflow(), s.version(),
                        s.status().name(), s.requestId(), Json.write(s.input()), json(s.output()), json(s.error()),
                        Timestamps.of(s.startedAt()), Timestamps.of(s.endedAt()), Timestamps.of(r.now()),
                        s.sequence(), fingerprint(r), s.parent() == null ? null : s.parent().executionId(),
                        Timestamps.of(deadlines.executionDeadline()), s.shadow()}));
            } else {
                updates.add(Tuple.from(concat(new Object[]{s.executionId(), s.status().name(), json(s.output()),
                        json(s.error()), Timestamps.of(s.endedAt()), Timestamps.of(r.now()), s.sequence(),
                        r.expectedSequence()}, executionDeadline)));
            }
            messages.collect(r);
        }
        // All statements are sent at once: the connection pipelines them in order inside the
        // transaction, so a commit costs about one round trip instead of one per table.
        List<Uni<Void>> writes = List.of(
                batch(conn, INSERT_EVENT, events),
                batch(conn, INSERT_EXECUTION, inserts),
                updateExecutions(conn, UPDATE_EXECUTION, updates, 7),
                updateExecutions(conn, CHECK_VERSION, versionChecks, 1),
                batch(conn, UPSERT_STEP, steps),
                // After the step rows: a row this commit writes is already as it should be.
                batch(conn, DeadlineColumns.CLEAR_STEP_ATTEMPT, deadlineClears),
                batch(conn, DeadlineColumns.CLEAR_STEPS_OF, timerClears),
                batch(conn, DELETE_TIMERS_OF, timerClears),
                batch(conn, DELETE_TIMER, timerDeletes),
                batch(conn, UPSERT_TIMER, timerUpserts),
                batch(conn, INSERT_DEAD_LETTER, deadLetters),
                batch(conn, RESOLVE_DEAD_LETTER, resolutions),
                // In this order: a wait that started and ended in one commit leaves no row.
                batch(conn, WaitRows.DELETE_OF_STEP, waits.stepDeletes()),
                batch(conn, WaitRows.INSERT, waits.inserts()),
                batch(conn, WaitRows.DELETE_OF_EXECUTION, waits.executionDeletes()),
                batch(conn, NOTIFY, ChangeNotifications.encode(changing).stream().map(Tuple::of).toList()));
        Uni<List<OutboxMessage>> sent = messages.write(conn);
        return Uni.combine().all().unis(Uni.combine().all().unis(writes).discardItems(), sent).asTuple()
                .map(both -> both.getItem2());
    }

    private static void collectEvents(CommitRequest r, List<Tuple> rows) {
        long seq = r.firstSequence();
        for (ExecutionEvent e : r.events()) {
            rows.add(Tuple.from(new Object[]{r.state().executionId(), seq++, EventCodec.type(e),
                    (short) EventCodec.SCHEMA_VERSION, e.stepId(), EventCodec.encode(e), Timestamps.of(r.now())}));
        }
    }

    private static void collectTimers(CommitRequest r, DeadlineColumns deadlines, List<Tuple> upserts,
                                      List<Tuple> deletes, List<Tuple> clears) {
        if (deadlines.ended()) {
            clears.add(Tuple.of(r.state().executionId()));
        }
        deadlines.otherCancels().forEach(id -> deletes.add(Tuple.of(id)));
        for (TimerRow t : deadlines.otherStarts()) {
            upserts.add(Tuple.of(t.id(), t.executionId(), t.kind().name(), t.stepId(), t.attempt(),
                    Timestamps.of(t.dueAt())));
        }
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * Fails the transaction when an execution row is not at the version a decision was taken on.
     *
     * @param versionAt the tuple position of the expected version
     */
    private static Uni<Void> updateExecutions(SqlConnection conn, String sql, List<Tuple> rows, int versionAt) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(sql).executeBatch(rows).invoke(first -> {
            RowSet<Row> rs = first;
            int i = 0;
            while (rs != null) {
                if (rs.rowCount() != 1) {
                    Tuple row = rows.get(i);
                    throw new StaleExecutionException(row.getString(0), row.getLong(versionAt));
                }
                rs = rs.next();
                i++;
            }
        }).replaceWithVoid();
    }

    private static Set<String> changedSteps(CommitRequest r) {
        Set<String> ids = new HashSet<>();
        for (ExecutionEvent e : r.events()) {
            if (e.stepId() != null) {
                ids.add(e.stepId());
            } else if (e instanceof ExecutionEvent.ExecutionStarted) {
                // A step still PENDING gets its row when it moves: the readers of step_runs look for
                // steps that run or are held, and a missing row is a step that has not started.
                r.state().steps().values().stream().filter(st -> st.status() != StepStatus.PENDING)
                        .forEach(st -> ids.add(st.stepId()));
            } else if (r.state().isTerminal()) {
                // The open steps the end cancelled; every other row is as its own events left it.
                r.state().steps().values().stream().filter(st -> st.status() == StepStatus.CANCELLED)
                        .forEach(st -> ids.add(st.stepId()));
            }
        }
        return ids;
    }

    private static Uni<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    /** The fingerprint of the request that started the execution, from its first event. */
    private static String fingerprint(CommitRequest r) {
        return r.events().get(0) instanceof ExecutionEvent.ExecutionStarted started ? started.requestFingerprint() : null;
    }

    private static String json(Object value) {
        return value == null ? null : Json.write(value);
    }
}
