package dev.weft.store;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionState;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code waits} rows one group commit changes, derived from its events (V8): a started wait
 * or requested approval adds rows, its end (signal, timeout, decision) removes them, an ended
 * execution that ever waited removes all of its own. Executions that never wait cost nothing here.
 */
final class WaitRows {
    static final String EVENT = "EVENT";
    static final String APPROVAL = "APPROVAL";
    static final String DELETE_OF_STEP = "delete from waits where execution_id = $1 and step_id = $2";
    static final String DELETE_OF_EXECUTION = "delete from waits where execution_id = $1";
    static final String INSERT = """
            insert into waits (execution_id, step_id, alternative, attempt, tenant, workflow, kind, event, correlation,
                               prompt, approvers, since, timeout_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13)
            on conflict (execution_id, step_id, alternative) do update set attempt = excluded.attempt,
                event = excluded.event, correlation = excluded.correlation, prompt = excluded.prompt,
                approvers = excluded.approvers, since = excluded.since, timeout_at = excluded.timeout_at""";

    private final List<Tuple> stepDeletes = new ArrayList<>();
    private final List<Tuple> inserts = new ArrayList<>();
    private final List<Tuple> executionDeletes = new ArrayList<>();

    void collect(CommitRequest r) {
        ExecutionState s = r.state();
        if (s.signals().opened() == 0) {
            return; // the common case: an execution that never waited
        }
        if (s.isTerminal()) {
            executionDeletes.add(Tuple.of(s.executionId()));
            return;
        }
        // Per step, what the commit leaves: the rows of its last opened wait, or none.
        Map<String, List<Tuple>> last = new LinkedHashMap<>();
        for (ExecutionEvent e : r.events()) {
            switch (e) {
                case ExecutionEvent.WaitStarted w -> {
                    List<Tuple> rows = new ArrayList<>();
                    for (int i = 0; i < w.anyOf().size(); i++) {
                        rows.add(row(s, w.stepId(), i, w.attempt(), EVENT, w.anyOf().get(i).event(),
                                w.anyOf().get(i).correlation(), null, null, w.at(), w.timeoutAt()));
                    }
                    last.put(w.stepId(), rows);
                }
                case ExecutionEvent.ApprovalRequested a -> last.put(a.stepId(), List.of(row(s, a.stepId(), 0,
                        a.attempt(), APPROVAL, null, null, a.prompt(), Json.write(a.approvers()), a.at(),
                        a.timeoutAt())));
                case ExecutionEvent.WaitCompleted w -> last.put(w.stepId(), List.of());
                case ExecutionEvent.WaitTimedOut w -> last.put(w.stepId(), List.of());
                case ExecutionEvent.ApprovalDecided a -> last.put(a.stepId(), List.of());
                // No other event opens or closes a wait. Every kind is listed, so a new event must say which it is.
                case ExecutionEvent.ExecutionStarted x -> { }
                case ExecutionEvent.StepReady x -> { }
                case ExecutionEvent.TaskDispatched x -> { }
                case ExecutionEvent.ChildStarted x -> { }
                case ExecutionEvent.FallbackStarted x -> { }
                case ExecutionEvent.TaskCompleted x -> { }
                case ExecutionEvent.TaskFailed x -> { }
                case ExecutionEvent.TaskStarted x -> { }
                case ExecutionEvent.TaskTimedOut x -> { }
                case ExecutionEvent.TaskHeld x -> { }
                case ExecutionEvent.TaskReleased x -> { }
                case ExecutionEvent.RetryScheduled x -> { }
                case ExecutionEvent.StepFailed x -> { }
                case ExecutionEvent.StepSkipped x -> { }
                case ExecutionEvent.SleepStarted x -> { }
                case ExecutionEvent.StepEvaluated x -> { }
                case ExecutionEvent.ItemsExpanded x -> { }
                case ExecutionEvent.RoundStarted x -> { }
                case ExecutionEvent.RoundEnded x -> { }
                case ExecutionEvent.StateEntered x -> { }
                case ExecutionEvent.TasksPlanned x -> { }
                case ExecutionEvent.SignalReceived x -> { }
                case ExecutionEvent.ResultIgnored x -> { }
                case ExecutionEvent.StepRetried x -> { }
                case ExecutionEvent.StepReset x -> { }
                case ExecutionEvent.ExecutionReopened x -> { }
                case ExecutionEvent.EscalationRaised x -> { }
                case ExecutionEvent.WorkflowChained x -> { }
                case ExecutionEvent.DeadLetterDiscarded x -> { }
                case ExecutionEvent.ExecutionPaused x -> { }
                case ExecutionEvent.TimerDeferred x -> { }
                case ExecutionEvent.ExecutionResumed x -> { }
                case ExecutionEvent.ExecutionCompleted x -> { }
                case ExecutionEvent.ExecutionFailed x -> { }
                case ExecutionEvent.ExecutionCancelled x -> { }
                case ExecutionEvent.ExecutionTimedOut x -> { }
            }
        }
        last.forEach((stepId, rows) -> {
            stepDeletes.add(Tuple.of(s.executionId(), stepId));
            inserts.addAll(rows);
        });
    }

    private static Tuple row(ExecutionState s, String stepId, int alternative, int attempt, String kind, String event,
                             String correlation, String prompt, String approvers, java.time.Instant since,
                             java.time.Instant timeoutAt) {
        return Tuple.from(new Object[]{s.executionId(), stepId, alternative, attempt, s.tenant(), s.workflow(), kind,
                event, correlation, prompt, approvers, Timestamps.of(since), Timestamps.of(timeoutAt)});
    }

    List<Tuple> stepDeletes() {
        return stepDeletes;
    }

    List<Tuple> inserts() {
        return inserts;
    }

    List<Tuple> executionDeletes() {
        return executionDeletes;
    }
}
