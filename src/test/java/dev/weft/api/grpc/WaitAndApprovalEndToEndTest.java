package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Value;
import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.SignalExecutionRequest;
import dev.weft.api.v1.SignalExecutionResponse;
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
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wait and approval steps through gRPC with the demo agents over AMQP: agent → approval → agent,
 * decided by an approver; agent → wait → agent, signalled by correlation; a signal that arrives
 * before its wait starts. Every wait for progress is a watch on the stream, never a sleep.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class WaitAndApprovalEndToEndTest {
    static final String REVIEW = """
            name: e2e-review
            steps:
              - { id: draft, agent: echo, input: { title: "{{ input.title }}" } }
              - id: approve
                depends_on: [draft]
                approval: { prompt: "Publish {{ steps.draft.output.title }}?", approvers: [alice, bob], timeout: 1h }
              - { id: publish, agent: echo, depends_on: [approve], input: { by: "{{ steps.approve.output.by }}" } }
            output: { by: "{{ steps.publish.output.by }}" }
            """;
    static final String PAYMENT = """
            name: e2e-payment
            steps:
              - { id: order, agent: echo, input: { id: "{{ input.order }}" } }
              - id: paid
                depends_on: [order]
                wait: { event: order.paid, correlation: "{{ steps.order.output.id }}", timeout: 1h }
              - { id: ship, agent: echo, depends_on: [paid], input: { amount: "{{ steps.paid.output.payload.amount }}" } }
            output: { amount: "{{ steps.ship.output.amount }}" }
            """;
    /** The wait cannot start before the approval is decided: a signal sent meanwhile must be kept. */
    static final String EARLY = """
            name: e2e-early
            steps:
              - { id: approve, approval: { prompt: "go?" } }
              - { id: hear, depends_on: [approve], wait: { event: ping } }
              - { id: echo_it, agent: echo, depends_on: [hear], input: { got: "{{ steps.hear.output.payload }}" } }
            output: "{{ steps.echo_it.output.got }}"
            """;

    /** An approval per item: each is an instance (sections[0].sign_off, ...) and is decided by that key. */
    static final String PER_SECTION = """
            name: e2e-per-section
            steps:
              - id: sections
                foreach:
                  items: "{{ input.sections }}"
                  steps:
                    - { id: draft, agent: echo, input: { title: "{{ item }}" } }
                    - id: sign_off
                      depends_on: [draft]
                      approval: { prompt: "Sign off {{ steps.draft.output.title }}?" }
            output: "{{ steps.sections.output }}"
            """;

    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() {
        client.register(REVIEW);
        client.register(PAYMENT);
        client.register(EARLY);
        client.register(PER_SECTION);
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void anApproverApprovesAndTheNextAgentStepRunsWithWhoDecided() {
        String id = client.start("e2e-review", "{\"title\": \"Q3\"}");
        awaitWaiting(watch(id), "approve");

        List<PendingApproval> pending = client.executions().listApprovals(ListApprovalsRequest.newBuilder()
                .setWorkflow("e2e-review").build()).getApprovalsList();
        PendingApproval mine = pending.stream().filter(a -> a.getExecutionId().equals(id)).findFirst().orElseThrow();
        assertThat(mine.getStepId()).isEqualTo("approve");
        assertThat(mine.getPrompt()).isEqualTo("Publish Q3?");
        assertThat(mine.getApproversList()).containsExactly("alice", "bob");
        assertThat(mine.hasSince()).isTrue();
        assertThat(mine.hasTimeoutAt()).isTrue();
        StepRun waiting = step(client.get(id), "approve");
        assertThat(waiting.getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
        assertThat(waiting.getKind()).isEqualTo("approval");

        assertStatus(Status.Code.PERMISSION_DENIED, () -> as("mallory").decideApproval(decide(id, true, "me")));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.executions().decideApproval(decide(id, true, "")));
        as("alice").decideApproval(decide(id, true, "ship it"));
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap()).containsEntry("by", string("alice"));
        assertThat(step(done, "approve").getOutput().getStructValue().getFieldsMap())
                .containsEntry("approved", Value.newBuilder().setBoolValue(true).build())
                .containsEntry("comment", string("ship it"));
        HistoryEvent decided = client.history(id).stream().filter(e -> e.getType().equals("ApprovalDecided"))
                .findFirst().orElseThrow();
        assertThat(decided.getDetails().getFieldsMap()).containsEntry("by", string("alice"))
                .containsEntry("comment", string("ship it"));
        assertThat(client.executions().listApprovals(ListApprovalsRequest.getDefaultInstance()).getApprovalsList())
                .extracting(PendingApproval::getExecutionId).doesNotContain(id);
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> as("bob").decideApproval(decide(id, false, "late")));
    }

    @Test
    void approvalsInsideAForeachAreListedAndDecidedByTheirInstanceKey() {
        String id = client.start("e2e-per-section", "{\"sections\": [\"intro\", \"method\"]}");
        Iterator<ExecutionUpdate> watch = watch(id);
        awaitWaiting(watch, "sections[0].sign_off", "sections[1].sign_off");

        assertThat(client.executions().listApprovals(ListApprovalsRequest.newBuilder()
                        .setWorkflow("e2e-per-section").build()).getApprovalsList().stream()
                .filter(a -> a.getExecutionId().equals(id)))
                .extracting(PendingApproval::getStepId, PendingApproval::getPrompt)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("sections[0].sign_off", "Sign off intro?"),
                        org.assertj.core.groups.Tuple.tuple("sections[1].sign_off", "Sign off method?"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "step_id: 'sections[7].sign_off' is no step",
                () -> as("dana").decideApproval(decide(id, "sections[7].sign_off", true, "")));
        assertStatus(Status.Code.INVALID_ARGUMENT, "not an approval step",
                () -> as("dana").decideApproval(decide(id, "sections[0].draft", true, "")));

        as("dana").decideApproval(decide(id, "sections[1].sign_off", true, "second first"));
        as("erin").decideApproval(decide(id, "sections[0].sign_off", true, ""));
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(step(done, "sections[0].sign_off").getOutput().getStructValue().getFieldsMap())
                .containsEntry("by", string("erin"));
        assertThat(step(done, "sections[1].sign_off").getOutput().getStructValue().getFieldsMap())
                .containsEntry("by", string("dana")).containsEntry("comment", string("second first"));
    }

    @Test
    void aRejectionFailsTheStepNamingWhoAndWhy() {
        String id = client.start("e2e-review", "{\"title\": \"Q4\"}");
        awaitWaiting(watch(id), "approve");

        as("bob").decideApproval(decide(id, false, "numbers are off"));
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        assertThat(step(done, "approve").getError().getType()).isEqualTo("approval_rejected");
        assertThat(step(done, "approve").getError().getMessage()).isEqualTo("rejected by bob: numbers are off");
        assertThat(step(done, "publish").getStatus()).isEqualTo(StepStatus.STEP_STATUS_CANCELLED);
    }

    @Test
    void aSignalByCorrelationCompletesTheWaitAndItsPayloadReachesTheNextAgent() {
        String order = "o-" + UUID.randomUUID();
        String id = client.start("e2e-payment", "{\"order\": \"" + order + "\"}");
        awaitWaiting(watch(id), "paid");
        StepRun waiting = step(client.get(id), "paid");
        assertThat(waiting.getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
        assertThat(waiting.getInput().getStructValue().getFieldsMap().get("waiting_for").getListValue()
                .getValues(0).getStructValue().getFieldsMap()).containsEntry("correlation", string(order));

        SignalExecutionResponse sent = client.executions().signalExecution(SignalExecutionRequest.newBuilder()
                .setEvent("order.paid").setCorrelation(order).setSignalId("pay-1")
                .setPayload(Value.newBuilder().setStructValue(WeftClient.struct("{\"amount\": 12}"))).build());
        assertThat(sent.getDeliveriesList()).singleElement()
                .satisfies(d -> assertThat(d.getExecutionId()).isEqualTo(id));
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("amount").getNumberValue()).isEqualTo(12);
        assertThat(client.history(id)).extracting(HistoryEvent::getType)
                .containsSubsequence("WaitStarted", "SignalReceived", "WaitCompleted", "TaskDispatched");
        // Nothing waits on that key any more; the ended execution refuses a signal by id.
        assertThat(client.executions().signalExecution(SignalExecutionRequest.newBuilder().setEvent("order.paid")
                .setCorrelation(order).build()).getDeliveriesList()).isEmpty();
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> client.executions().signalExecution(
                SignalExecutionRequest.newBuilder().setExecutionId(id).setEvent("order.paid").build()));
    }

    @Test
    void aSignalSentBeforeTheWaitStartsIsKeptAndConsumedWhenItDoes() {
        String id = client.start("e2e-early", "{}");
        awaitWaiting(watch(id), "approve");

        SignalExecutionRequest ping = SignalExecutionRequest.newBuilder().setExecutionId(id).setEvent("ping")
                .setSignalId("ping-1").setPayload(string("hello")).build();
        assertThat(client.executions().signalExecution(ping).getDeliveries(0).getDuplicate()).isFalse();
        assertThat(client.executions().signalExecution(ping).getDeliveries(0).getDuplicate()).isTrue();
        assertThat(step(client.get(id), "hear").getStatus()).isEqualTo(StepStatus.STEP_STATUS_PENDING);

        as("carol").decideApproval(decide(id, true, ""));
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput()).isEqualTo(string("hello"));
        assertThat(client.history(id)).extracting(HistoryEvent::getType).filteredOn("SignalReceived"::equals)
                .hasSize(1);
    }

    @Test
    void badSignalsAreRefusedNamingTheField() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "event: required", () -> client.executions().signalExecution(
                SignalExecutionRequest.newBuilder().setExecutionId(UUID.randomUUID().toString()).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "execution_id: required unless correlation",
                () -> client.executions().signalExecution(SignalExecutionRequest.newBuilder().setEvent("e").build()));
        assertStatus(Status.Code.NOT_FOUND, "execution_id", () -> client.executions().signalExecution(
                SignalExecutionRequest.newBuilder().setExecutionId(UUID.randomUUID().toString()).setEvent("e")
                        .build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "x-weft-caller: required", () -> client.executions()
                .decideApproval(DecideApprovalRequest.newBuilder().setExecutionId(UUID.randomUUID().toString())
                        .setStepId("approve").setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE).build()));
    }

    private Iterator<ExecutionUpdate> watch(String id) {
        return client.executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
    }

    /** Until every one of these instances waits (RUNNING), in whatever order they get there. */
    private static void awaitWaiting(Iterator<ExecutionUpdate> watch, String... instances) {
        java.util.Set<String> left = new java.util.HashSet<>(List.of(instances));
        while (watch.hasNext()) {
            ExecutionUpdate u = watch.next();
            if (u.hasSnapshot()) {
                u.getSnapshot().getStepsList().stream().filter(s -> s.getStatus() == StepStatus.STEP_STATUS_RUNNING)
                        .forEach(s -> left.remove(s.getStepId()));
            } else if (u.hasChange() && u.getChange().getStep().getStatus() == StepStatus.STEP_STATUS_RUNNING) {
                left.remove(u.getChange().getStep().getStepId());
            }
            if (left.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the execution ended before " + left + " waited");
    }

    /** Until the step waits (RUNNING): in the snapshot already, or in a change that follows it. */
    private static void awaitWaiting(Iterator<ExecutionUpdate> watch, String stepId) {
        while (watch.hasNext()) {
            ExecutionUpdate u = watch.next();
            if (u.hasSnapshot() && step(u.getSnapshot(), stepId).getStatus() == StepStatus.STEP_STATUS_RUNNING
                    || u.hasChange() && u.getChange().getStep().getStepId().equals(stepId)
                    && u.getChange().getStep().getStatus() == StepStatus.STEP_STATUS_RUNNING) {
                return;
            }
        }
        throw new AssertionError("the execution ended before step " + stepId + " waited");
    }

    private ExecutionServiceGrpc.ExecutionServiceBlockingStub as(String caller) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-weft-caller", Metadata.ASCII_STRING_MARSHALLER), caller);
        return client.executions().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static DecideApprovalRequest decide(String id, boolean approve, String comment) {
        return decide(id, "approve", approve, comment);
    }

    private static DecideApprovalRequest decide(String id, String stepId, boolean approve, String comment) {
        return DecideApprovalRequest.newBuilder().setExecutionId(id).setStepId(stepId).setComment(comment)
                .setDecision(approve ? ApprovalDecision.APPROVAL_DECISION_APPROVE
                        : ApprovalDecision.APPROVAL_DECISION_REJECT).build();
    }

    private static void assertStatus(Status.Code code, Runnable call) {
        assertStatus(code, "", call);
    }

    private static void assertStatus(Status.Code code, String message, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
