package dev.weft.fault;

import dev.weft.engine.ExecutionEvent;
import dev.weft.store.EventCodec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine stored, read in one repeatable-read transaction so the execution rows, their
 * events and the projections are one consistent snapshot even while late results still arrive.
 * Events are decoded with the engine's own codec, so a replay uses exactly the stored facts.
 */
record StoredRun(Map<String, Execution> executions, Map<String, List<Event>> events,
                 Map<String, Map<String, StepRow>> stepRuns, List<DeadLetter> deadLetters, long outboxRows,
                 long timersOfEndedExecutions) {

    /**
     * A row of {@code executions}; JSON columns as text.
     *
     * @param parentExecutionId for a child (a workflow step's attempt), its parent; else null
     */
    record Execution(String id, String status, long version, String requestId, String input, String output,
                     String workflow, String parentExecutionId) {

        Execution(String id, String status, long version, String requestId, String input, String output) {
            this(id, status, version, requestId, input, output, FanWorkflow.NAME, null);
        }
    }

    record Event(long seq, String type, ExecutionEvent event) {
    }

    record StepRow(String status, int attempt) {
    }

    /** {@code taskId} from the message properties, or null when the message named none. */
    record DeadLetter(String taskId, String reason) {
    }

    static StoredRun read(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (var st = conn.createStatement()) {
            Map<String, Execution> executions = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery(
                    "select id, status, version, request_id, input::text, output::text, workflow_name, "
                            + "parent_execution_id from executions order by id")) {
                while (rs.next()) {
                    executions.put(rs.getString(1), new Execution(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            Map<String, List<Event>> events = new HashMap<>();
            try (ResultSet rs = st.executeQuery("""
                    select execution_id, seq, type, schema_version, payload::text from execution_events
                    order by execution_id, seq""")) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Event(rs.getLong(2),
                            rs.getString(3), EventCodec.decode(rs.getString(3), rs.getInt(4), rs.getString(5))));
                }
            }
            Map<String, Map<String, StepRow>> steps = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select execution_id, step_id, status, attempt from step_runs")) {
                while (rs.next()) {
                    steps.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), new StepRow(rs.getString(3), rs.getInt(4)));
                }
            }
            List<DeadLetter> deadLetters = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("""
                    select coalesce(properties->>'weft-task-id', properties->>'correlation-id'), reason
                    from dead_letters""")) {
                while (rs.next()) {
                    deadLetters.add(new DeadLetter(rs.getString(1), rs.getString(2)));
                }
            }
            // Outbox rows and task messages not known to be accepted (ADR 0016): none once all ended.
            long outbox = count(st, "select (select count(*) from outbox)"
                    + " + (select count(*) from step_runs where send_claimed_until is not null)");
            // Timer rows and the deadlines kept in step and execution rows (ADR 0013).
            long timers = count(st, """
                    select (select count(*) from timers t join executions e on e.id = t.execution_id
                            where e.status <> 'RUNNING')
                         + (select count(*) from step_runs s join executions e on e.id = s.execution_id
                            where e.status <> 'RUNNING' and s.deadline_at is not null)
                         + (select count(*) from executions where status <> 'RUNNING' and deadline_at is not null)""");
            return new StoredRun(executions, events, steps, deadLetters, outbox, timers);
        } finally {
            conn.rollback();
        }
    }

    private static long count(java.sql.Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
