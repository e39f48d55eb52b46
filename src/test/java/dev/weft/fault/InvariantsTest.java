package dev.weft.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent;
import dev.weft.engine.ExecutionEvent.ExecutionCompleted;
import dev.weft.engine.ExecutionEvent.ExecutionStarted;
import dev.weft.engine.ExecutionEvent.StepReady;
import dev.weft.engine.ExecutionEvent.TaskCompleted;
import dev.weft.engine.ExecutionEvent.TaskDispatched;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each invariant of the fault suite fails on the defect it is there for: a consistent run passes,
 * and one change at a time to the stored data or the agents' logs produces exactly its violation.
 */
class InvariantsTest {
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final String ID = "exec-1";
    private static final Map<String, Object> OUTPUT = Map.of("n", 1L, "t", "RUN 1");

    private final List<StoredRun.Event> events = new ArrayList<>();
    private final Map<String, Long> received = new HashMap<>();
    private final Map<String, List<DeliveryLogs.Sent>> sent = new HashMap<>();
    private final Workload workload = new Workload(FanWorkflow.NAME);
    private String status = "COMPLETED";
    private final long version;
    private long outboxRows;
    private List<StoredRun.DeadLetter> deadLetters = List.of();
    /** Set to make the execution a child of that parent (whose history the run does not have). */
    private String parent;

    /** A completed execution of the fan workflow, each task received and answered once. */
    InvariantsTest() {
        add(new ExecutionStarted(ID, "default", FanWorkflow.NAME, 1, Map.of("n", 1L), "r-1", null, null, null, T));
        for (String step : FanWorkflow.STEP_IDS) {
            String taskId = ID + ":" + step + ":1";
            add(new StepReady(step, 1, T));
            add(new TaskDispatched(step, 1, taskId, "echo", Map.of(), T.plusSeconds(10), T));
            add(new TaskCompleted(step, 1, taskId, "agent", OUTPUT, T));
            received.put(taskId, T.toEpochMilli());
            sent.computeIfAbsent(taskId, k -> new ArrayList<>()).add(new DeliveryLogs.Sent(taskId, 1, "completed", 0));
        }
        add(new ExecutionCompleted(OUTPUT, T));
        version = events.size();
        workload.answered(new Workload.Request("r-1", 1), ID);
    }

    private void add(ExecutionEvent e) {
        events.add(new StoredRun.Event(events.size() + 1, e.getClass().getSimpleName(), e));
    }

    private List<String> violations(Invariants.Expect expect) {
        Map<String, StoredRun.StepRow> steps = new HashMap<>();
        FanWorkflow.STEP_IDS.forEach(s -> steps.put(s, new StoredRun.StepRow("COMPLETED", 1)));
        StoredRun run = new StoredRun(Map.of(ID, new StoredRun.Execution(ID, status, version, "r-1", "{\"n\": 1}",
                "{\"n\": 1, \"t\": \"RUN 1\"}", FanWorkflow.NAME, parent)), Map.of(ID, events), Map.of(ID, steps),
                deadLetters, outboxRows, 0);
        DeliveryLogs logs = new DeliveryLogs(received, sent, Map.of(Path.of("a"), List.of()));
        return Invariants.check(run, logs, workload, FanWorkflow::stepIdsOf, expect).violations();
    }

    private List<String> violations() {
        return violations(new Invariants.Expect(true, true));
    }

    @Test
    void aConsistentRunBreaksNothing() {
        assertThat(violations()).isEmpty();
    }

    @Test
    void aChildNoParentStartedIsAViolation() {
        parent = "parent-1";

        assertThat(violations()).anyMatch(v -> v.contains("child exec-1 started by 0 ChildStarted events of its parent "
                + "parent-1"));
    }

    @Test
    void aRunningExecutionIsStuck() {
        status = "RUNNING";
        assertThat(violations()).anyMatch(v -> v.contains("not terminal (stuck)"));
    }

    @Test
    void aSecondCompletionIsCompletedTwice() {
        events.remove(events.size() - 1);
        add(new TaskCompleted("join", 1, ID + ":join:1", "agent", OUTPUT, T));
        add(new ExecutionCompleted(OUTPUT, T));
        assertThat(violations()).anyMatch(v -> v.contains("completed twice"));
    }

    @Test
    void aStoredRowThatTheHistoryDoesNotReplayToIsAMismatch() {
        events.remove(events.size() - 1); // the history says RUNNING, the row says COMPLETED
        assertThat(violations()).anyMatch(v -> v.contains("replay differs") && v.contains("COMPLETED stored"));
    }

    @Test
    void aDispatchedTaskNoAgentReceivedIsLost() {
        received.remove(ID + ":left:1");
        assertThat(violations()).anyMatch(v -> v.contains("no agent received") && v.contains(ID + ":left:1"));
    }

    @Test
    void aResultSentTwiceButRecordedOnceIsLost() {
        sent.get(ID + ":join:1").add(new DeliveryLogs.Sent(ID + ":join:1", 1, "completed", 1));
        assertThat(violations()).anyMatch(v -> v.contains("lost results") && v.contains("sent 2, recorded 1"));
    }

    @Test
    void aGarbageAnswerOnlyInDeadLettersIsSilentButNotLost() {
        String taskId = ID + ":right:2";
        sent.put(taskId, List.of(new DeliveryLogs.Sent(taskId, 2, "garbage-body", 0)));
        deadLetters = List.of(new StoredRun.DeadLetter(taskId, "unreadable result body"));
        assertThat(violations()).singleElement().satisfies(v -> assertThat(v).contains("silent until a timeout"));
        assertThat(violations(new Invariants.Expect(true, false))).isEmpty();
    }

    @Test
    void leftoverOutboxRowsAndARequestAnsweredTwiceAreViolations() {
        outboxRows = 2;
        workload.answered(new Workload.Request("r-1", 1), "exec-2");
        assertThat(violations()).anyMatch(v -> v.contains("outbox not empty"))
                .anyMatch(v -> v.contains("answered with two execution ids"));
    }

    @Test
    void aWrongOutputBreaksCompletionAsTheInputImplies() {
        status = "FAILED";
        assertThat(violations()).anyMatch(v -> v.contains("did not complete with the output"));
        assertThat(violations(new Invariants.Expect(false, true))).noneMatch(v -> v.contains("did not complete"));
    }
}
