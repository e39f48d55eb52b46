package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * State machines (ADR 0011) through gRPC with the demo agents over AMQP: examples/draft-review.yaml
 * cycles draft → review → draft → review → publish; a machine whose state is a human approval goes
 * back to drafting when the approver rejects; a bad machine is refused naming the field.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class StateMachineEndToEndTest {
    final WeftClient client = new WeftClient();

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void aReviewThatSendsTheDraftBackRunsSecondVisitsAndTheHistoryRecordsEachTransition() throws IOException {
        try (InputStream in = StateMachineEndToEndTest.class.getResourceAsStream("/examples/draft-review.yaml")) {
            client.register(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String id = client.start("draft-review", "{\"text\": \"a plan\"}");
        List<ExecutionUpdate> updates = client.watchToEnd(id);
        Execution done = client.get(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap().get("words").getListValue().getValuesList())
                .extracting(v -> v.getStringValue()).containsExactly("A", "PLAN", "(REVISED)");
        assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("machine", "machine.draft",
                "machine.review", "machine.draft#2", "machine.review#2", "machine.publish");
        StepRun machine = step(done, "machine");
        assertThat(machine.getKind()).isEqualTo("states");
        assertThat(machine.getInput().getListValue().getValuesList()).extracting(v -> v.getStringValue())
                .containsExactly("draft", "review", "draft", "review", "publish");
        StepRun second = step(done, "machine.draft#2");
        assertThat(second.getScopeOwner()).isEqualTo("machine");
        assertThat(second.getVisit()).isEqualTo(2);
        assertThat(second.getDefinitionStep()).isEqualTo("draft");
        assertThat(second.getOutput().getStructValue().getFieldsMap().get("text").getStringValue())
                .isEqualTo("A PLAN (REVISED)");
        assertThat(step(done, "machine.review").getVisit()).isEqualTo(1);

        List<HistoryEvent> entered = client.history(id).stream().filter(e -> e.getType().equals("StateEntered"))
                .toList();
        assertThat(entered).extracting(e -> e.getDetails().getFieldsMap().get("state").getStringValue())
                .containsExactly("draft", "review", "draft", "review", "publish");
        var back = entered.get(2).getDetails().getFieldsMap();
        assertThat(back.get("from").getStringValue()).isEqualTo("review");
        assertThat(back.get("condition").getStringValue()).isEqualTo("visits.review < 3");
        assertThat(back.get("value").getBoolValue()).isTrue();
        assertThat(updates).anyMatch(u -> u.hasChange() && u.getChange().getStep().getStepId()
                .equals("machine.review#2") && u.getChange().getStep().getVisit() == 2);
    }

    @Test
    void aRejectedApprovalStateGoesBackToDraftingAndAnApprovalEndsTheMachine() {
        client.register("""
                name: approve-loop
                initial: draft
                states:
                  - { id: draft, agent: echo, input: { n: "{{ visits.draft }}" }, transitions: [ { to: sign_off } ] }
                  - id: sign_off
                    approval: { prompt: "Publish draft {{ steps.draft.output.n }}?" }
                    on_error: continue
                    transitions:
                      - { when: "steps.sign_off.status == 'completed'", to: publish }
                      - { to: draft }
                  - { id: publish, agent: echo, input: { n: "{{ steps.draft.output.n }}", by: "{{ steps.sign_off.output.by }}" }, end: true }
                """);
        String id = client.start("approve-loop", "{}");

        decide(id, "machine.sign_off", ApprovalDecision.APPROVAL_DECISION_REJECT);
        decide(id, "machine.sign_off#2", ApprovalDecision.APPROVAL_DECISION_APPROVE);
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        var output = done.getOutput().getStructValue().getFieldsMap();
        assertThat(output.get("n").getNumberValue()).isEqualTo(2);
        assertThat(output.get("by").getStringValue()).isEqualTo("editor");
        assertThat(step(done, "machine.sign_off").getStatus()).isEqualTo(StepStatus.STEP_STATUS_FAILED);
        assertThat(step(done, "machine.sign_off").getError().getType()).isEqualTo("approval_rejected");
    }

    @Test
    void aMachineWhoseTransitionNamesNoStateIsRefusedNamingTheField() {
        assertThatThrownBy(() -> client.register("""
                name: bad-machine
                initial: a
                states:
                  - { id: a, agent: echo, transitions: [ { to: b } ] }
                """))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("states[0](a).transitions[0].to")
                            .contains("names no state");
                });
    }

    /** Waits until the visit asks, then decides it as "editor". */
    private void decide(String id, String visit, ApprovalDecision decision) {
        for (ExecutionUpdate u : (Iterable<ExecutionUpdate>) () -> client.executions().watchExecution(
                dev.weft.api.v1.WatchExecutionRequest.newBuilder().setExecutionId(id).build())) {
            boolean asked = u.hasChange() && u.getChange().getEvent().getType().equals("ApprovalRequested")
                    && u.getChange().getEvent().getStepId().equals(visit)
                    || u.hasSnapshot() && u.getSnapshot().getStepsList().stream().anyMatch(s -> s.getStepId()
                    .equals(visit) && s.getStatus() == StepStatus.STEP_STATUS_RUNNING);
            if (asked) {
                break;
            }
        }
        var caller = new io.grpc.Metadata();
        caller.put(io.grpc.Metadata.Key.of("x-weft-caller", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "editor");
        client.executions().withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(caller))
                .decideApproval(DecideApprovalRequest.newBuilder().setExecutionId(id).setStepId(visit)
                        .setDecision(decision).setComment("visit " + visit).build());
    }

    private static StepRun step(Execution e, String instance) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(instance)).findFirst().orElseThrow();
    }
}
