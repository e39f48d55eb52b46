package dev.weft.store;

import dev.weft.engine.StepState;
import dev.weft.engine.TaskIds;
import dev.weft.engine.TimerKind;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * ADR 0013: an attempt's deadline is kept in its {@code step_runs} row and the execution's in its
 * {@code executions} row, the rows a dispatch, a result and an end write anyway, instead of a
 * {@code timers} row inserted and deleted per task. This class turns one commit's timer changes
 * into those columns' values, with the semantics of the timer rows they replace: a start stores
 * (or moves) the deadline and clears its claim; a cancel or a consumed firing removes the deadline
 * of exactly that timer id, i.e. of that attempt; an ended execution keeps none. Every other kind
 * stays a row of {@code timers}.
 */
final class DeadlineColumns {
    /** What a written row does with the deadline it holds; the code is a statement parameter. */
    enum Change {
        /** Leaves it as stored. */
        KEEP(0),
        /** Stores the commit's deadline, unclaimed. */
        SET(1),
        /** Removes it if it is the row's current attempt's (the cancelled timer's id names that attempt). */
        CLEAR_SAME_ATTEMPT(2),
        /** Removes it: the execution ended. */
        CLEAR(3);

        final int code;

        Change(int code) {
            this.code = code;
        }
    }

    /** The SET clause of the step row upsert: {@code $13} is the change's code. */
    static final String STEP_UPSERT_SET = """
            deadline_at = case $13::int when 0 then step_runs.deadline_at
                when 2 then case when step_runs.deadline_attempt = excluded.attempt then null else step_runs.deadline_at end
                else excluded.deadline_at end,
            deadline_attempt = case $13::int when 0 then step_runs.deadline_attempt
                when 2 then case when step_runs.deadline_attempt = excluded.attempt then null else step_runs.deadline_attempt end
                else excluded.deadline_attempt end,
            deadline_claimed_until = case $13::int when 0 then step_runs.deadline_claimed_until
                when 2 then case when step_runs.deadline_attempt = excluded.attempt then null
                                 else step_runs.deadline_claimed_until end
                else null end""";
    /** A cancelled attempt deadline whose step row the commit does not otherwise write. */
    static final String CLEAR_STEP_ATTEMPT = """
            update step_runs set deadline_at = null, deadline_attempt = null, deadline_claimed_until = null
            where execution_id = $1 and step_id = $2 and deadline_attempt = $3""";
    static final String CLEAR_STEPS_OF = """
            update step_runs set deadline_at = null, deadline_attempt = null, deadline_claimed_until = null
            where execution_id = $1 and deadline_at is not null""";
    static final String CLEAR_EXECUTION = """
            update executions set deadline_at = null, deadline_claimed_until = null where id = $1""";

    /** Whether timers of this kind live in these columns rather than in {@code timers}. */
    static boolean inColumns(TimerKind kind) {
        return switch (kind) {
            case TASK_DEADLINE, WORKFLOW_DEADLINE -> true;
            case QUEUE_DEADLINE, RETRY_BACKOFF, SLEEP, WAIT_TIMEOUT -> false;
        };
    }

    /** A step's deadline after the commit, as its row is written. */
    record StepDeadline(Change change, Instant dueAt, Integer attempt) {
        Object[] values() {
            return new Object[]{Timestamps.of(dueAt), attempt, change.code};
        }
    }

    private final boolean ended;
    private final Map<String, TimerRow> stepStarts = new HashMap<>();
    private final Map<String, List<Integer>> stepCancels = new HashMap<>();
    private TimerRow executionStart;
    private boolean executionCancelled;
    private final List<TimerRow> otherStarts = new ArrayList<>();
    private final List<String> otherCancels = new ArrayList<>();

    /** Sorts one commit's timer changes into columns and rows. */
    DeadlineColumns(CommitRequest r) {
        this.ended = r.clearTimers();
        for (String id : r.cancelTimers()) {
            Optional<TaskIds.TimerRef> ref = TaskIds.parseTimerId(id);
            if (ref.isEmpty() || !inColumns(ref.get().kind())) {
                otherCancels.add(id);
            } else if (ref.get().kind() == TimerKind.WORKFLOW_DEADLINE) {
                executionCancelled = true;
            } else {
                stepCancels.computeIfAbsent(ref.get().stepId(), k -> new ArrayList<>()).add(ref.get().attempt());
            }
        }
        for (TimerRow t : r.startTimers()) {
            switch (t.kind()) {
                case WORKFLOW_DEADLINE -> executionStart = t;
                case TASK_DEADLINE -> stepStarts.put(t.stepId(), t);
                case QUEUE_DEADLINE, RETRY_BACKOFF, SLEEP, WAIT_TIMEOUT -> otherStarts.add(t);
            }
        }
    }

    /** Steps whose deadline starts here: their rows are written even where no event of theirs is. */
    Iterable<String> startedSteps() {
        return stepStarts.keySet();
    }

    StepDeadline step(StepState st) {
        TimerRow start = stepStarts.get(st.stepId());
        if (start != null) {
            return new StepDeadline(Change.SET, start.dueAt(), start.attempt());
        }
        if (ended) {
            return new StepDeadline(Change.CLEAR, null, null);
        }
        List<Integer> cancelled = stepCancels.getOrDefault(st.stepId(), List.of());
        return new StepDeadline(cancelled.contains(st.attempt()) ? Change.CLEAR_SAME_ATTEMPT : Change.KEEP, null, null);
    }

    /**
     * The cancelled attempt deadlines not folded into a written row: of steps the commit does not
     * write, or of an attempt other than the step's current one.
     *
     * @param written whether the commit writes that step's row
     * @param state   the step's state after the commit
     */
    List<Tuple> separateClears(String executionId, Predicate<String> written, Function<String, StepState> state) {
        List<Tuple> out = new ArrayList<>();
        stepCancels.forEach((stepId, attempts) -> {
            for (int attempt : attempts) {
                boolean folded = written.test(stepId) && state.apply(stepId).attempt() == attempt;
                if (!folded && !stepStarts.containsKey(stepId)) {
                    out.add(Tuple.of(executionId, stepId, attempt));
                }
            }
        });
        return out;
    }

    /** The execution's deadline after the commit: the change and the new value. */
    Change executionChange() {
        if (executionStart != null) {
            return Change.SET;
        }
        return ended || executionCancelled ? Change.CLEAR : Change.KEEP;
    }

    Instant executionDeadline() {
        return executionStart == null ? null : executionStart.dueAt();
    }

    boolean ended() {
        return ended;
    }

    /** The timers of other kinds, still rows of {@code timers}. */
    List<TimerRow> otherStarts() {
        return otherStarts;
    }

    List<String> otherCancels() {
        return otherCancels;
    }
}
