package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class ExecutionLifecycleTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aFlakyAgentIsRetriedWithBackoffAndEveryAttemptIsInTheHistory() {
        client.register("""
                name: retry-flaky
                steps:
                  - id: shaky
                    agent: flaky
                    input: { failures: 2, v: "ok" }
                    retry: { max_attempts: 3, backoff: exponential, initial_interval: 100ms, max_interval: 1s }
                output: { v: "{{ steps.shaky.output.v }}" }
                """);
        var done = client.awaitEnd(client.start("retry-flaky", "{}"));
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getSteps(0).getAttempt()).isEqualTo(3);
        List<String> types = client.history(done.getExecutionId()).stream().map(HistoryEvent::getType).toList();
        assertThat(types.stream().filter("TaskFailed"::equals)).hasSize(2);
        assertThat(types.stream().filter("RetryScheduled"::equals)).hasSize(2);
        assertThat(types.stream().filter("TaskDispatched"::equals)).hasSize(3);
    }

    @Test
    void onErrorSkipLetsDependentsRunAndContinueSkipsOnlyTheFailedBranch() {
        client.register("""
                name: tolerant
                steps:
                  - id: bad_op
                    agent: text
                    input: { text: "x", op: explode }
                    on_error: skip
                  - id: after_skip
                    agent: echo
                    depends_on: [bad_op]
                    input: { saw: "{{ steps.bad_op.output }}" }
                  - id: too_slow
                    agent: slow
                    input: { ms: 3000 }
                    timeout: 300ms
                    retry: { max_attempts: 1 }
                    on_error: continue
                  - id: behind_slow
                    agent: echo
                    depends_on: [too_slow]
                    input: { x: 1 }
                  - id: independent
                    agent: echo
                    input: { y: 2 }
                """);
        var done = client.awaitEnd(client.start("tolerant", "{}"));
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(step(done.getStepsList(), "bad_op").getStatus()).isEqualTo(StepStatus.STEP_STATUS_SKIPPED);
        assertThat(step(done.getStepsList(), "bad_op").getSkipReason()).contains("on_error skip");
        assertThat(step(done.getStepsList(), "after_skip").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(step(done.getStepsList(), "too_slow").getStatus()).isEqualTo(StepStatus.STEP_STATUS_FAILED);
        // Whichever notices first: the engine's deadline timer or the agent giving up at the deadline.
        assertThat(step(done.getStepsList(), "too_slow").getError().getType())
                .isIn("task_timeout", "deadline_exceeded");
        assertThat(step(done.getStepsList(), "behind_slow").getStatus()).isEqualTo(StepStatus.STEP_STATUS_SKIPPED);
        assertThat(step(done.getStepsList(), "independent").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
    }

    @Test
    void onErrorFailEndsTheExecutionWithTheStepsError() {
        client.register("""
                name: strict
                steps:
                  - id: bad_op
                    agent: text
                    input: { text: "x", op: explode }
                  - id: never
                    agent: echo
                    depends_on: [bad_op]
                """);
        var done = client.awaitEnd(client.start("strict", "{}"));
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        assertThat(done.getError().getMessage()).contains("bad_op");
        assertThat(step(done.getStepsList(), "bad_op").getAttempt()).as("not retryable").isEqualTo(1);
        assertThat(step(done.getStepsList(), "never").getStatus()).isEqualTo(StepStatus.STEP_STATUS_CANCELLED);
    }

    @Test
    void cancellingARunningExecutionEndsItAndCancellingAgainIsAFailedPrecondition() {
        client.register("""
                name: cancellable
                steps:
                  - { id: wait, agent: slow, input: { ms: 5000 } }
                """);
        String id = client.start("cancellable", "{}");
        var cancelled = client.executions().cancelExecution(CancelExecutionRequest.newBuilder()
                .setExecutionId(id).setReason("operator said so").build());
        assertThat(cancelled.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
        assertThat(cancelled.getError().getMessage()).isEqualTo("operator said so");
        assertThatThrownBy(() -> client.executions().cancelExecution(
                CancelExecutionRequest.newBuilder().setExecutionId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    @Test
    void aRunningExecutionIsGivenACompletionEstimateFromEarlierRunsOfItsVersion() {
        client.register("""
                name: estimable
                steps:
                  - { id: wait, agent: slow, input: { ms: "{{ input.ms }}" } }
                """);
        String first = client.start("estimable", "{\"ms\": 50}");
        assertThat(client.get(first).hasEstimatedCompletionAt()).as("no earlier run to learn from").isFalse();
        client.awaitEnd(first);
        String second = client.start("estimable", "{\"ms\": 5000}");
        var running = client.get(second);
        assertThat(running.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_RUNNING);
        assertThat(running.hasEstimatedCompletionAt()).isTrue();
        assertThat(running.getEstimatedCompletionAt().getSeconds())
                .isBetween(running.getStartedAt().getSeconds(), running.getStartedAt().getSeconds() + 5);
        client.executions().cancelExecution(CancelExecutionRequest.newBuilder().setExecutionId(second).build());
        assertThat(client.get(second).hasEstimatedCompletionAt()).as("ended: nothing to estimate").isFalse();
    }

    @Test
    void theSameRequestIdReturnsTheSameExecution() {
        client.register("""
                name: idempotent
                steps:
                  - { id: a, agent: echo }
                """);
        var request = StartExecutionRequest.newBuilder().setWorkflow("idempotent").setRequestId("order-42").build();
        var first = client.executions().startExecution(request);
        var second = client.executions().startExecution(request);
        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isFalse();
        assertThat(second.getExecutionId()).isEqualTo(first.getExecutionId());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        client.register("""
                name: typed-input
                input:
                  type: object
                  required: [topic]
                  properties: { topic: { type: string } }
                steps:
                  - { id: a, agent: echo, input: { q: "{{ input.topic }}" } }
                """);
        assertThatThrownBy(() -> client.start("typed-input", "{\"other\": 1}"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("input.topic");
                });
        assertThatThrownBy(() -> client.get("no-such-execution"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).startsWith("execution_id:");
                });
        assertThatThrownBy(() -> client.executions().getExecution(GetExecutionRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getDescription()).startsWith("execution_id:"));
    }

    @Test
    void listingPagesThroughExecutionsAndHistoryPagesThroughEvents() {
        client.register("""
                name: listed
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, depends_on: [a] }
                """);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.start("listed", "{}"));
        }
        ids.forEach(client::awaitEnd);
        Set<String> seen = new HashSet<>();
        String token = "";
        int pages = 0;
        do {
            var page = client.executions().listExecutions(ListExecutionsRequest.newBuilder().setWorkflow("listed")
                    .setStatus(ExecutionStatus.EXECUTION_STATUS_COMPLETED).setPageSize(2).setPageToken(token).build());
            page.getExecutionsList().forEach(e -> seen.add(e.getExecutionId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        var all = client.history(ids.get(0));
        var firstPage = client.executions().getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                .setExecutionId(ids.get(0)).setPageSize(3).build());
        var secondPage = client.executions().getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                .setExecutionId(ids.get(0)).setPageSize(3).setAfterSequence(firstPage.getNextAfterSequence()).build());
        assertThat(firstPage.getEventsList()).extracting(HistoryEvent::getSequence).containsExactly(1L, 2L, 3L);
        assertThat(secondPage.getEvents(0).getSequence()).isEqualTo(4L);
        assertThat(all.get(all.size() - 1).getType()).isEqualTo("ExecutionCompleted");
    }

    @Test
    void aResumedWatchSendsTheSnapshotThenOnlyTheChangesAfterTheGivenSequence() {
        client.register("""
                name: resumable
                steps:
                  - { id: a, agent: echo }
                  - { id: b, agent: echo, depends_on: [a] }
                """);
        String id = client.start("resumable", "{}");
        List<ExecutionUpdate> full = client.watchToEnd(id);
        List<ExecutionUpdate> resumed = new ArrayList<>();
        client.executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id)
                .setAfterSequence(3).build()).forEachRemaining(resumed::add);
        assertThat(resumed.get(0).hasSnapshot()).isTrue();
        long last = full.get(full.size() - 1).getSequence();
        assertThat(resumed.subList(1, resumed.size())).extracting(ExecutionUpdate::getSequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(4, last).boxed().toList());
    }

    private static StepRun step(List<StepRun> steps, String id) {
        return steps.stream().filter(s -> s.getStepId().equals(id)).findFirst().orElseThrow();
    }
}
