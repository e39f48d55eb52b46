package dev.weft.schedule;

import dev.weft.engine.Command;
import dev.weft.engine.CommandRejectedException;
import dev.weft.runtime.ExecutionNotFoundException;
import dev.weft.runtime.ExecutionRuntime;
import dev.weft.runtime.ExecutionStarts;
import dev.weft.runtime.StartRefusedException;
import dev.weft.runtime.port.ExecutionLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Fires due schedules; every replica runs one. A poll claims due schedules with {@code FOR UPDATE
 * SKIP LOCKED}, decides each ({@link FirePlanner}, {@link OverlapDecision}), starts the execution,
 * records the fire and advances {@code next_fire_at}, all before its transaction commits. Should a
 * replica die after the start but before that commit, the next poll fires the same time again with
 * the same request id ({@link ScheduleKeys#fireRequestId}) and gets the execution already started:
 * one execution per fire time, whichever replicas poll.
 */
public class SchedulePoller {
    private static final Logger LOG = Logger.getLogger(SchedulePoller.class);
    static final int BATCH = 50;
    private static final Set<String> ALIVE = Set.of("RUNNING", "PAUSED");

    private final PgScheduleStore store;
    private final ExecutionStarts starts;
    private final ExecutionRuntime runtime;
    private final ExecutionLookup executions;
    private final Duration grace;
    private final AtomicBoolean polling = new AtomicBoolean();

    /** @param grace how late a fire may be polled and still count as on time ({@link FirePlanner}) */
    public SchedulePoller(PgScheduleStore store, ExecutionStarts starts, ExecutionRuntime runtime,
                          ExecutionLookup executions, Duration grace) {
        this.store = store;
        this.starts = starts;
        this.runtime = runtime;
        this.executions = executions;
        this.grace = grace;
    }

    /** Fires every schedule due at {@code now}; the number of schedules it handled. */
    public Uni<Integer> poll(Instant now) {
        if (!polling.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return store.inTransaction(tx -> store.claimDue(tx, now, BATCH).chain(due -> fireAll(tx, due, now)))
                .eventually(() -> polling.set(false));
    }

    private Uni<Integer> fireAll(SqlConnection tx, List<StoredSchedule> due, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (StoredSchedule s : due) {
            // One schedule that cannot fire now is left due for the next poll; the others go on.
            // (A failed statement aborts the transaction, and then the whole batch is polled again.)
            chain = chain.chain(() -> Uni.createFrom().deferred(() -> fire(tx, s, now)).onFailure().recoverWithItem(e -> {
                LOG.warnf("schedule %s/%s: fire at %s not done, polled again: %s", s.tenant(), s.id(), s.nextFireAt(),
                        e.getMessage());
                return null;
            }));
        }
        return chain.replaceWith(due.size());
    }

    private Uni<Void> fire(SqlConnection tx, StoredSchedule s, Instant now) {
        CronSchedule cron = CronSchedule.parse(s.spec().cron(), s.spec().timeZone());
        FirePlanner.Plan plan = FirePlanner.plan(cron, s.nextFireAt(), now, s.spec().catchUp(), grace,
                s.spec().endAt());
        Uni<Void> missed = plan.latestMissed().map(at -> store.recordFire(tx, s.tenant(), s.id(),
                new FireRecord(at, FireOutcome.MISSED, null, plan.missed() + " fire time(s) from " + s.nextFireAt()
                        + " missed while no replica polled (catch_up " + s.spec().catchUp() + ")", now)))
                .orElse(Uni.createFrom().voidItem());
        if (plan.toRun().isEmpty()) {
            return missed.chain(() -> store.advance(tx, s.tenant(), s.id(), plan.next().orElse(null),
                    plan.latestMissed().orElse(s.lastFireAt()), FireOutcome.MISSED, null, now));
        }
        Instant fireAt = plan.toRun().get();
        return missed.chain(() -> run(s, fireAt))
                .chain(fired -> store.recordFire(tx, s.tenant(), s.id(), new FireRecord(fireAt, fired.outcome(),
                                fired.executionId(), fired.detail(), now))
                        .chain(() -> store.advance(tx, s.tenant(), s.id(), plan.next().orElse(null), fireAt,
                                fired.outcome(), fired.executionId(), now)));
    }

    private record Fired(FireOutcome outcome, String executionId, String detail) {
    }

    private Uni<Fired> run(StoredSchedule s, Instant fireAt) {
        Uni<Boolean> previousAlive = s.spec().overlap() == OverlapPolicy.ALLOW || s.lastExecutionId() == null
                ? Uni.createFrom().item(false)
                : executions.find(s.lastExecutionId()).map(row -> row.isPresent() && ALIVE.contains(row.get().status()));
        return previousAlive.chain(alive -> switch (OverlapDecision.of(s.spec().overlap(), alive)) {
            case START -> start(s, fireAt);
            case SKIP -> Uni.createFrom().item(new Fired(FireOutcome.SKIPPED_OVERLAP, null, "execution "
                    + s.lastExecutionId() + " of the previous fire is still running (overlap SKIP)"));
            case CANCEL_PREVIOUS_THEN_START -> cancel(s, fireAt).chain(() -> start(s, fireAt));
        });
    }

    private Uni<Void> cancel(StoredSchedule s, Instant fireAt) {
        return runtime.submitAs(s.tenant(), s.lastExecutionId(), new Command.CancelExecution("schedule '" + s.id()
                        + "' fires at " + fireAt + " and its overlap policy is CANCEL_PREVIOUS"))
                .replaceWithVoid()
                // Ended meanwhile, or gone: there is nothing left to cancel.
                .onFailure(e -> e instanceof CommandRejectedException || e instanceof ExecutionNotFoundException)
                .recoverWithNull();
    }

    private Uni<Fired> start(StoredSchedule s, Instant fireAt) {
        String requestId = ScheduleKeys.fireRequestId(s.id(), fireAt);
        return starts.start(new ExecutionStarts.StartRequest(s.tenant(), s.spec().workflow(), s.spec().version(),
                        s.spec().input(), requestId, null))
                .map(started -> new Fired(FireOutcome.STARTED, started.executionId(), started.created() ? ""
                        : "already started by an earlier attempt of this fire"))
                .onFailure(StartRefusedException.class).recoverWithUni(e -> refused(s, requestId,
                        (StartRefusedException) e));
    }

    /**
     * A refused start is the fire's outcome, not a reason to retry forever. The one exception: the
     * spec changed between an attempt that started the execution and this retry, so the same
     * request id now asks for another input; that fire did start, and its execution is the answer.
     */
    private Uni<Fired> refused(StoredSchedule s, String requestId, StartRefusedException e) {
        return switch (e.reason()) {
            case REQUEST_ID_REUSED -> executions.findByRequestId(s.tenant(), requestId).map(row -> row
                    .map(r -> new Fired(FireOutcome.STARTED, r.id(), "already started by an earlier attempt"))
                    .orElse(new Fired(FireOutcome.FAILED, null, e.getMessage())));
            // The rollout flag (ADR 0015) gates a fire as any start from outside: off, it is refused.
            case NOT_FOUND, INVALID_INPUT, ROLLOUT -> {
                LOG.warnf("schedule %s/%s: start refused: %s", s.tenant(), s.id(), e.getMessage());
                yield Uni.createFrom().item(new Fired(FireOutcome.FAILED, null, e.getMessage()));
            }
        };
    }
}
