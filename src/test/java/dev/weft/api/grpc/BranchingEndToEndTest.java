package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Value;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * examples/triage.yaml through gRPC with the demo agents over AMQP: a switch on an agent's
 * output, guarded branches, a join of whichever branch ran, an aggregate and a validation.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class BranchingEndToEndTest {
    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() throws IOException {
        try (InputStream in = BranchingEndToEndTest.class.getResourceAsStream("/examples/triage.yaml")) {
            client.register(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void theBranchChosenOnAnAgentsOutputRunsTheOtherIsSkippedWithItsConditionAndTheJoinValidates() {
        String id = client.start("triage", "{\"text\": \"Server down\", \"urgent\": true}");
        List<ExecutionUpdate> updates = client.watchToEnd(id);
        Execution done = client.get(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStructValue().getFieldsMap()).containsEntry("route", string("urgent"))
                .containsEntry("reply", string("SERVER DOWN"));
        StepRun route = step(done, "route");
        assertThat(route.getKind()).isEqualTo("switch");
        assertThat(route.getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(route.getAgent()).isEmpty();
        // The chosen branch with the value that decided it.
        assertThat(route.getOutput().getStructValue().getFieldsMap().get("case")).isEqualTo(string("urgent"));
        assertThat(route.getOutput().getStructValue().getFieldsMap().get("conditions").getStructValue()
                .getFieldsMap()).containsEntry("urgent", Value.newBuilder().setBoolValue(true).build());
        StepRun whisper = step(done, "whisper");
        assertThat(whisper.getStatus()).isEqualTo(StepStatus.STEP_STATUS_SKIPPED);
        assertThat(whisper.getSkipReason()).isEqualTo("when");
        assertThat(whisper.getWhen()).isEqualTo("steps.route.output.case == 'routine'");
        assertThat(whisper.getBranchSkipped()).isTrue();
        assertThat(step(done, "shout").getAgentId()).startsWith("test-agent");
        assertThat(step(done, "reply").getKind()).isEqualTo("aggregate");
        assertThat(step(done, "checked").getKind()).isEqualTo("validate");

        List<HistoryEvent> history = client.history(id);
        assertThat(history).filteredOn(e -> e.getType().equals("StepEvaluated")).extracting(HistoryEvent::getStepId)
                .containsExactly("route", "reply", "checked");
        assertThat(history).filteredOn(e -> e.getType().equals("TaskDispatched")).extracting(HistoryEvent::getStepId)
                .containsExactly("classify", "shout");
        HistoryEvent skipped = history.stream().filter(e -> e.getType().equals("StepSkipped")).findFirst().orElseThrow();
        assertThat(skipped.getDetails().getFieldsMap()).containsEntry("reason", string("when"))
                .containsEntry("condition", string("steps.route.output.case == 'routine'"))
                .containsEntry("value", Value.newBuilder().setBoolValue(false).build())
                .containsEntry("branch", Value.newBuilder().setBoolValue(true).build());
        // The watch stream carried the skip and the switch's decision: in its snapshot (a fast run may end
        // before the watch opens) or as they committed.
        assertThat(changes(updates, "whisper")).extracting(StepRun::getSkipReason).contains("when");
        assertThat(changes(updates, "route")).extracting(StepRun::getStatus).contains(StepStatus.STEP_STATUS_COMPLETED);
    }

    @Test
    void theOtherBranchRunsForARoutineMessageAndAReplyThatBreaksTheSchemaFailsListingTheViolation() {
        String id = client.start("triage", "{\"text\": \"This Routine Message Is Far Too Long To Pass The Check\", "
                + "\"urgent\": false}");
        Execution done = client.awaitEnd(id);

        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_FAILED);
        assertThat(step(done, "shout").getStatus()).isEqualTo(StepStatus.STEP_STATUS_SKIPPED);
        assertThat(step(done, "whisper").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
        assertThat(step(done, "reply").getOutput().getStructValue().getFieldsMap().get("text"))
                .isEqualTo(string("this routine message is far too long to pass the check"));
        assertThat(done.getError().getType()).isEqualTo("validation_failed");
        assertThat(done.getError().getMessage()).isEqualTo("step 'checked' failed: steps.checked.validate: "
                + "1 violation: value.length: must have a maximum value of 40");
    }

    @Test
    void everyExampleOfTheDslGuideRunsWithTheDemoAgents() throws IOException {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("docs/dsl.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(guide);
        java.util.Map<String, String> inputs = new java.util.HashMap<>(java.util.Map.of(
                "when-example", "{\"n\": 12}",
                "switch-example", "{\"text\": \"one two three four five six seven\"}",
                "fail-example", "{\"stock\": 0, \"item\": \"tea\"}",
                "validate-example", "{\"title\": \"t\", \"score\": 0.5}",
                "wait-example", "{\"order_id\": \"o-1\"}",
                "wait-any-example", "{\"ticket\": 7}",
                "approval-example", "{\"title\": \"Q3\"}",
                "fallback-example", "{\"text\": \"tides\"}",
                "child-example", "{\"text\": \"tides\"}",
                "parent-example", "{\"text\": \"tides\"}"));
        inputs.put("state-machine-example", "{\"text\": \"a plan\"}");
        inputs.put("morning-brief", "{\"topic\": \"markets\"}");
        java.util.Map<String, Execution> ended = new java.util.LinkedHashMap<>();
        while (m.find()) {
            String name = client.register(m.group(1)).getName();
            ended.put(name, runGivingWhatItWaitsFor(client.start(name, inputs.getOrDefault(name, "{}"))));
        }

        assertThat(ended).hasSizeGreaterThanOrEqualTo(7);
        ended.forEach((name, e) -> assertThat(e.getStatus()).as(name + ": " + e.getError())
                .isEqualTo(name.equals("fail-example") ? ExecutionStatus.EXECUTION_STATUS_FAILED
                        : ExecutionStatus.EXECUTION_STATUS_COMPLETED));
        assertThat(ended.get("fail-example").getError().getType()).isEqualTo("out_of_stock");
        assertThat(ended.get("fail-example").getError().getMessage())
                .isEqualTo("step 'out_of_stock' failed: no stock left for tea");
        assertThat(step(ended.get("when-example"), "small").getSkipReason()).isEqualTo("when");
        assertThat(step(ended.get("switch-example"), "route").getOutput().getStructValue().getFieldsMap().get("case"))
                .isEqualTo(string("medium"));
        assertThat(ended.get("aggregate-example").getOutput().getStructValue().getFieldsMap().get("total")
                .getNumberValue()).isEqualTo(7.0);
    }

    /**
     * To the end, answering what the guide's wait and approval examples wait for: each waiting step
     * gets a signal for its first awaited event, each approval is approved by alice.
     */
    private Execution runGivingWhatItWaitsFor(String id) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        client.executions().watchExecution(dev.weft.api.v1.WatchExecutionRequest.newBuilder().setExecutionId(id)
                .build()).forEachRemaining(u -> {
            List<StepRun> steps = u.hasSnapshot() ? u.getSnapshot().getStepsList()
                    : u.hasChange() && u.getChange().hasStep() ? List.of(u.getChange().getStep()) : List.of();
            for (StepRun s : steps) {
                if (s.getStatus() != StepStatus.STEP_STATUS_RUNNING || !answered.add(s.getStepId() + s.getAttempt())) {
                    continue;
                }
                if (s.getKind().equals("approval")) {
                    io.grpc.Metadata headers = new io.grpc.Metadata();
                    headers.put(io.grpc.Metadata.Key.of("x-weft-caller", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                            "alice");
                    client.executions().withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(
                            headers)).decideApproval(dev.weft.api.v1.DecideApprovalRequest.newBuilder()
                            .setExecutionId(id).setStepId(s.getStepId())
                            .setDecision(dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_APPROVE).build());
                } else if (s.getKind().equals("wait")) {
                    var first = s.getInput().getStructValue().getFieldsMap().get("waiting_for").getListValue()
                            .getValues(0).getStructValue().getFieldsMap();
                    client.executions().signalExecution(dev.weft.api.v1.SignalExecutionRequest.newBuilder()
                            .setExecutionId(id).setEvent(first.get("event").getStringValue())
                            .setCorrelation(first.get("correlation").getStringValue())
                            .setPayload(Value.newBuilder().setStructValue(WeftClient.struct("{\"amount\": 12}")))
                            .build());
                }
            }
        });
        return client.get(id);
    }

    private static List<StepRun> changes(List<ExecutionUpdate> updates, String stepId) {
        return updates.stream().flatMap(u -> u.hasSnapshot() ? u.getSnapshot().getStepsList().stream()
                        : u.hasChange() ? java.util.stream.Stream.of(u.getChange().getStep()) : java.util.stream.Stream.empty())
                .filter(s -> s.getStepId().equals(stepId)).toList();
    }

    private static StepRun step(Execution e, String id) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(id)).findFirst().orElseThrow();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
