package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.PauseExecutionRequest;
import dev.weft.api.v1.ResumeExecutionRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pause and resume through the public API, with the demo agents over AMQP: a paused execution
 * sends no task, what is in flight finishes and is recorded, timers that fall due wait for the
 * resume, and Get, Watch and List show PAUSED.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class PauseResumeEndToEndTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aPausedExecutionRecordsItsTaskInFlightDispatchesNothingAndCompletesAfterTheResume() {
        client.register("""
                name: pause-in-flight
                steps:
                  - { id: first, agent: slow, input: { ms: 2000 } }
                  - { id: second, agent: echo, depends_on: [first], input: { saw: "{{ steps.first.output.ms }}" } }
                output: { saw: "{{ steps.second.output.saw }}" }
                """);
        String id = client.start("pause-in-flight", "{}");
        Iterator<ExecutionUpdate> watch = watch(id);

        Execution paused = as("alice").pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id)
                .setReason("the echo service is being upgraded").build());
        assertThat(paused.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);
        assertThat(paused.getPause().getReason()).isEqualTo("the echo service is being upgraded");
        assertThat(paused.getPause().getRequestedBy()).isEqualTo("alice");
        assertThat(paused.hasEstimatedCompletionAt()).isFalse();

        List<ExecutionUpdate> updates = readUntil(watch, u -> isEvent(u, "TaskCompleted"));
        assertThat(updates).filteredOn(u -> isEvent(u, "ExecutionPaused")).singleElement()
                .satisfies(u -> assertThat(u.getChange().getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED));
        assertThat(updates.getLast().getChange().getStatus()).as("the result in flight is recorded while paused")
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);

        Execution mid = client.get(id);
        assertThat(mid.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);
        assertThat(step(mid, "first").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(step(mid, "second").getStatus()).as("ready, not dispatched").isEqualTo(StepStatus.STEP_STATUS_READY);
        assertThat(listed(ExecutionStatus.EXECUTION_STATUS_PAUSED, "pause-in-flight")).contains(id);

        Execution resumed = as("bob").resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id)
                .setReason("upgrade done").build());
        assertThat(resumed.getStatus()).isIn(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(resumed.hasPause()).isFalse();
        watch.forEachRemaining(updates::add);
        assertThat(updates.stream().filter(ExecutionUpdate::hasChange).toList().getLast().getChange().getStatus())
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);

        Execution done = client.get(id);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("saw").getNumberValue()).isEqualTo(2000);
        List<String> types = client.history(id).stream().map(HistoryEvent::getType).toList();
        List<String> whilePaused = types.subList(types.indexOf("ExecutionPaused"), types.indexOf("ExecutionResumed"));
        assertThat(whilePaused).contains("TaskCompleted", "StepReady").doesNotContain("TaskDispatched");
        HistoryEvent resumeEvent = client.history(id).stream().filter(h -> h.getType().equals("ExecutionResumed"))
                .findFirst().orElseThrow();
        assertThat(resumeEvent.getDetails().getFieldsMap().get("requestedBy").getStringValue()).isEqualTo("bob");
        assertThat(types.subList(types.indexOf("ExecutionResumed"), types.size())).contains("TaskDispatched");
    }

    @Test
    void aRetryWhoseBackoffEndsWhilePausedIsDispatchedOnlyOnResume() {
        // The agent gives up at the 500 ms deadline (and the engine's timer says the same): attempt 2
        // is scheduled 100 ms later, while the execution is paused.
        client.register("""
                name: pause-retry
                steps:
                  - id: stubborn
                    agent: slow
                    input: { ms: 5000 }
                    timeout: 500ms
                    retry: { max_attempts: 2, backoff: fixed, initial_interval: 100ms }
                """);
        String id = client.start("pause-retry", "{}");
        Iterator<ExecutionUpdate> watch = watch(id);
        client.executions().pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id).build());

        readUntil(watch, u -> isEvent(u, "TimerDeferred") && u.getChange().getEvent().getDetails().getFieldsMap()
                .get("kind").getStringValue().equals("RETRY_BACKOFF"));
        Execution paused = client.get(id);
        assertThat(paused.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);
        assertThat(paused.getPause().getDeferredTimers()).isPositive();
        assertThat(paused.getPause().getReason()).isEqualTo("paused by request");
        assertThat(step(paused, "stubborn").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RETRY_WAIT);
        assertThat(step(paused, "stubborn").getAttempt()).isEqualTo(1);

        client.executions().resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id).build());
        List<ExecutionUpdate> after = readUntil(watch, u -> isEvent(u, "TaskDispatched"));
        assertThat(after.getLast().getChange().getStep().getAttempt()).isEqualTo(2);
        // The deferred retry fires on resume and dispatches at once: one TaskDispatched, no StepReady (ADR 0012).
        assertThat(after).extracting(u -> u.getChange().getEvent().getType()).contains("ExecutionResumed")
                .doesNotContain("StepReady");
        watch.forEachRemaining(u -> { });
        assertThat(client.get(id).getStatus()).as("attempt 2 times out as well")
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
    }

    @Test
    void aPausedExecutionCanBeCancelledAndWrongRequestsAreRefusedNamingWhatIsWrong() {
        client.register("""
                name: pause-refusals
                steps:
                  - { id: long, agent: slow, input: { ms: 20000 } }
                """);
        String id = client.start("pause-refusals", "{}");
        var executions = client.executions();

        assertRefused(() -> executions.resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id).build()),
                Status.Code.FAILED_PRECONDITION, "Expected a paused execution to resume, but it is RUNNING");
        executions.pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id).build());
        assertRefused(() -> executions.pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id).build()),
                Status.Code.FAILED_PRECONDITION, "Expected a running execution to pause, but it is already PAUSED");
        assertRefused(() -> executions.pauseExecution(PauseExecutionRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "execution_id: required");
        assertRefused(() -> executions.pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId("nope")
                .build()), Status.Code.INVALID_ARGUMENT, "execution_id: expected a UUID, but got 'nope'");
        String unknown = UUID.randomUUID().toString();
        assertRefused(() -> executions.resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(unknown)
                .build()), Status.Code.NOT_FOUND, "execution_id: no execution '" + unknown + "'");
        assertRefused(() -> executions.resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id)
                .setReason("x".repeat(1001)).build()), Status.Code.INVALID_ARGUMENT,
                "reason: at most 1000 characters, but got 1001");
        assertRefused(() -> as("x".repeat(201)).resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id)
                .build()), Status.Code.INVALID_ARGUMENT, "x-weft-caller: at most 200 characters, but got 201");
        assertRefused(() -> as("other-tenant", executions, "x-weft-tenant").resumeExecution(
                ResumeExecutionRequest.newBuilder().setExecutionId(id).build()), Status.Code.NOT_FOUND,
                "execution_id: no execution '" + id + "'");
        assertThat(client.get(id).getStatus()).as("none of that changed anything")
                .isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);

        Execution cancelled = executions.cancelExecution(CancelExecutionRequest.newBuilder().setExecutionId(id)
                .setReason("not needed").build());
        assertThat(cancelled.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_CANCELLED);
        assertThat(cancelled.hasPause()).isFalse();
        assertRefused(() -> executions.resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id).build()),
                Status.Code.FAILED_PRECONDITION, "Expected a paused execution to resume, but it is CANCELLED");
        assertRefused(() -> executions.pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id).build()),
                Status.Code.FAILED_PRECONDITION, "Expected a running execution to pause, but it is CANCELLED");
    }

    private Iterator<ExecutionUpdate> watch(String id) {
        return ExecutionServiceGrpc.newBlockingStub(client.channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
    }

    /** The updates up to and including the first that matches; fails if the stream ends first. */
    private static List<ExecutionUpdate> readUntil(Iterator<ExecutionUpdate> watch, Predicate<ExecutionUpdate> until) {
        List<ExecutionUpdate> seen = new ArrayList<>();
        while (watch.hasNext()) {
            ExecutionUpdate u = watch.next();
            seen.add(u);
            if (until.test(u)) {
                return seen;
            }
        }
        throw new AssertionError("the stream ended before the expected update: " + seen);
    }

    private static boolean isEvent(ExecutionUpdate u, String type) {
        return u.hasChange() && u.getChange().getEvent().getType().equals(type);
    }

    private List<String> listed(ExecutionStatus status, String workflow) {
        return client.executions().listExecutions(ListExecutionsRequest.newBuilder().setStatus(status)
                .setWorkflow(workflow).build()).getExecutionsList().stream().map(ExecutionSummary::getExecutionId)
                .toList();
    }

    private ExecutionServiceGrpc.ExecutionServiceBlockingStub as(String caller) {
        return as(caller, client.executions(), "x-weft-caller");
    }

    private static ExecutionServiceGrpc.ExecutionServiceBlockingStub as(
            String value, ExecutionServiceGrpc.ExecutionServiceBlockingStub stub, String header) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void assertRefused(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
