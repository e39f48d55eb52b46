package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes share one database and one broker. Executions started on one replica are
 * worked on by both (either may consume a result), and a watcher on the other replica still sees
 * every change, in order and without gaps, to the end; a parent and its child decided on different
 * replicas still meet.
 */
class TwoReplicasIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_replicas");
    static final String WORKFLOW = """
            name: shared
            steps:
              - { id: a, agent: echo, input: { n: "{{ input.n }}" } }
              - { id: b, agent: slow, depends_on: [a], input: { ms: 50, n: "{{ steps.a.output.n }}" } }
              - { id: c, agent: text, depends_on: [a], input: { text: "n{{ steps.a.output.n }}", op: upper } }
              - { id: d, agent: echo, depends_on: [b, c], input: { n: "{{ steps.b.output.n }}", t: "{{ steps.c.output.text }}" } }
            output: { n: "{{ steps.d.output.n }}", t: "{{ steps.d.output.t }}" }
            """;

    static EmbeddedBroker broker;
    static AgentRunner agents;
    static EngineProcess one;
    static EngineProcess two;
    static ManagedChannel toOne;
    static ManagedChannel toTwo;

    @BeforeAll
    static void twoReplicas() throws Exception {
        EngineProcess.recreateDatabase(DATABASE);
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-replicas")));
        agents = DemoAgents.startAll(broker.host(), broker.port(), "replica-agent");
        one = EngineProcess.start(DATABASE, broker.host(), broker.port(), EngineProcess.freePort());
        one.awaitStarted(); // the first one migrates the schema
        two = EngineProcess.start(DATABASE, broker.host(), broker.port(), EngineProcess.freePort());
        two.awaitStarted();
        toOne = channel(one.grpcPort);
        toTwo = channel(two.grpcPort);
    }

    @AfterAll
    static void stop() throws Exception {
        toOne.shutdownNow();
        toTwo.shutdownNow();
        two.close();
        one.close();
        agents.close();
        broker.close();
    }

    @Test
    void executionsStartedOnOneReplicaAreWatchedToTheEndOnTheOtherWithoutGaps() {
        WorkflowServiceGrpc.newBlockingStub(toOne).registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
        List<String> ids = new ArrayList<>();
        var starter = ExecutionServiceGrpc.newBlockingStub(toOne);
        for (int i = 0; i < 20; i++) {
            ids.add(starter.startExecution(StartExecutionRequest.newBuilder().setWorkflow("shared")
                    .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                    .build()).getExecutionId());
        }
        var watcher = ExecutionServiceGrpc.newBlockingStub(toTwo);
        for (int i = 0; i < ids.size(); i++) {
            List<ExecutionUpdate> updates = new ArrayList<>();
            watcher.withDeadlineAfter(60, TimeUnit.SECONDS).watchExecution(
                    WatchExecutionRequest.newBuilder().setExecutionId(ids.get(i)).build())
                    .forEachRemaining(updates::add);
            for (int k = 1; k < updates.size(); k++) {
                assertThat(updates.get(k).getSequence()).isEqualTo(updates.get(k - 1).getSequence() + 1);
            }
            var last = updates.get(updates.size() - 1);
            ExecutionStatus status = last.hasSnapshot() ? last.getSnapshot().getStatus()
                    : last.getChange().getStatus();
            assertThat(status).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            var output = last.hasSnapshot() ? last.getSnapshot().getOutput() : last.getChange().getOutput();
            assertThat(output.getStructValue().getFieldsMap().get("t").getStringValue()).isEqualTo("N" + i);
        }
    }

    /**
     * The parent is started (and cached) on replica one; its child's approval is decided on replica
     * two, so the child ends there and its report is decided there too, against a parent another
     * replica holds. The parent's watcher on replica one sees it complete with the child's output.
     */
    @Test
    void aChildThatEndsOnTheOtherReplicaReportsToItsParent() {
        var workflows = WorkflowServiceGrpc.newBlockingStub(toOne);
        workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition("""
                name: shared-child
                steps:
                  - { id: approve, approval: { prompt: "go?" } }
                output: { by: "{{ steps.approve.output.by }}" }
                """).build());
        workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition("""
                name: shared-parent
                steps:
                  - { id: sub, workflow: shared-child }
                  - { id: after, agent: echo, depends_on: [sub], input: { by: "{{ steps.sub.output.by }}" } }
                output: "{{ steps.after.output.by }}"
                """).build());
        var onOne = ExecutionServiceGrpc.newBlockingStub(toOne).withDeadlineAfter(60, TimeUnit.SECONDS);
        var onTwo = ExecutionServiceGrpc.newBlockingStub(toTwo).withDeadlineAfter(60, TimeUnit.SECONDS);
        String parent = onOne.startExecution(StartExecutionRequest.newBuilder().setWorkflow("shared-parent").build())
                .getExecutionId();
        ListApprovalsRequest pending = ListApprovalsRequest.newBuilder().setWorkflow("shared-child").build();
        dev.weft.testing.Eventually.await("the child's approval is pending", java.time.Duration.ofSeconds(60),
                () -> onTwo.listApprovals(pending).getApprovalsCount() > 0);
        String child = onTwo.listApprovals(pending).getApprovals(0).getExecutionId();

        EngineProcess.asCaller("carol", onTwo).decideApproval(
                DecideApprovalRequest.newBuilder().setExecutionId(child).setStepId("approve")
                        .setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE).build());
        List<ExecutionUpdate> updates = new ArrayList<>();
        onOne.watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(parent).build())
                .forEachRemaining(updates::add);

        var done = onOne.getExecution(GetExecutionRequest.newBuilder().setExecutionId(parent).build());
        assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
        assertThat(done.getOutput().getStringValue()).isEqualTo("carol");
        assertThat(onTwo.getExecution(GetExecutionRequest.newBuilder().setExecutionId(child).build())
                .getParentExecutionId()).isEqualTo(parent);
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
