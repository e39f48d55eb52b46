package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.testing.GrpcClients;
import dev.weft.testing.WeftTestResources;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class FanOutFanInEndToEndTest {

    static final String FAN_OUT = """
            name: fan-e2e
            steps:
              - id: split
                agent: echo
                input: { words: "{{ input.words }}" }
              - id: a
                agent: text
                depends_on: [split]
                input: { text: "{{ steps.split.output.words[0] }}", op: upper }
              - id: b
                agent: echo
                depends_on: [split]
                input: { n: "{{ size(steps.split.output.words) }}" }
              - id: c
                agent: text
                depends_on: [split]
                input: { text: "{{ steps.split.output.words[1] }}", op: reverse }
              - id: join
                agent: echo
                depends_on: [a, b, c]
                input:
                  parts: ["{{ steps.a.output.text }}", "{{ steps.c.output.text }}"]
                  count: "{{ steps.b.output.n }}"
            output:
              joined: "{{ steps.join.output.parts[0] + '-' + steps.join.output.parts[1] }}"
              count: "{{ steps.join.output.count }}"
            """;

    ManagedChannel channel;

    @jakarta.inject.Inject
    dev.weft.runtime.ExecutionRuntime runtime;

    @BeforeEach
    void open() {
        channel = GrpcClients.channel();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void fanOutAndFanInPassDataAndStreamEveryStepToTheEnd() {
        var workflows = WorkflowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        var registered = workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(FAN_OUT).build());
        assertThat(registered.getName()).isEqualTo("fan-e2e");

        Struct input = Struct.newBuilder().putFields("words", Value.newBuilder().setListValue(
                com.google.protobuf.ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStringValue("hello"))
                        .addValues(Value.newBuilder().setStringValue("world"))).build()).build();
        String id = executions.startExecution(StartExecutionRequest.newBuilder()
                .setWorkflow("fan-e2e").setInput(input).build()).getExecutionId();

        List<ExecutionUpdate> updates = new ArrayList<>();
        Iterator<ExecutionUpdate> stream = executions.watchExecution(
                WatchExecutionRequest.newBuilder().setExecutionId(id).build());
        stream.forEachRemaining(updates::add);

        assertThat(updates.get(0).hasSnapshot()).isTrue();
        ExecutionUpdate last = updates.get(updates.size() - 1);
        assertThat(last.getChange().getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(last.getChange().getOutput().getStructValue().getFieldsMap().get("joined").getStringValue())
                .isEqualTo("HELLO-dlrow");
        assertThat(last.getChange().getOutput().getStructValue().getFieldsMap().get("count").getNumberValue())
                .isEqualTo(2.0);
        // Every step's completion was seen once: in the snapshot (a fast agent may finish before the
        // watch opens), or streamed afterwards.
        List<String> completed = new ArrayList<>(updates.get(0).getSnapshot().getStepsList().stream()
                .filter(s -> s.getStatus() == StepStatus.STEP_STATUS_COMPLETED).map(s -> s.getStepId()).toList());
        updates.stream().filter(ExecutionUpdate::hasChange)
                .filter(u -> u.getChange().getStep().getStatus() == StepStatus.STEP_STATUS_COMPLETED)
                .map(u -> u.getChange().getStep().getStepId()).forEach(completed::add);
        assertThat(completed).containsExactlyInAnyOrder("split", "a", "b", "c", "join");
        assertThat(completed.get(0)).isEqualTo("split");
        assertThat(completed.get(4)).isEqualTo("join");
        // Sequences are gap-free after the snapshot.
        for (int i = 1; i < updates.size(); i++) {
            assertThat(updates.get(i).getSequence()).isEqualTo(updates.get(i - 1).getSequence() + 1);
        }

        var execution = executions.getExecution(dev.weft.api.v1.GetExecutionRequest.newBuilder()
                .setExecutionId(id).build());
        assertThat(execution.getStepsList()).allSatisfy(step -> {
            assertThat(step.getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
            assertThat(step.getAgentId()).startsWith("test-agent");
            assertThat(step.getAttempt()).isEqualTo(1);
        });
        var history = executions.getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                .setExecutionId(id).setPageSize(1000).build());
        assertThat(history.getEventsList()).extracting(e -> e.getType())
                .contains("ExecutionStarted", "TaskDispatched", "TaskCompleted", "ExecutionCompleted");
        // Reading an ended execution rebuilds it from its history without keeping it in memory.
        assertThat(runtime.isLive(id)).isFalse();
    }
}
