package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A running child survives a crash of the engine (ADR 0009): SIGKILL while the child waits for an
 * approval; the new engine process still shows parent and child linked and RUNNING (rebuilt from
 * the events), and when the child completes its end reaches the parent, whose next step runs with
 * the child's output. Only the engine dies.
 */
class ChildAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_child_restart");
    static final String CHILD = """
            name: restart-child
            steps:
              - { id: draft, agent: echo, input: { title: "{{ input.title }}" } }
              - { id: approve, depends_on: [draft], approval: { prompt: "Ship {{ steps.draft.output.title }}?" } }
            output: { title: "{{ steps.draft.output.title }}", by: "{{ steps.approve.output.by }}" }
            """;
    static final String PARENT = """
            name: restart-parent
            steps:
              - { id: sub, workflow: restart-child, input: { title: "tides" } }
              - { id: publish, agent: echo, depends_on: [sub], input: { by: "{{ steps.sub.output.by }}" } }
            output: "{{ steps.publish.output.by }}"
            """;

    @Test
    void aChildWaitingDuringAnEngineCrashReportsToItsParentAfterTheRestart() throws Exception {
        EngineProcess.recreateDatabase(DATABASE);
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-child-broker")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "it-child-agent")) {
            int grpcPort = EngineProcess.freePort();
            String parent;
            String child;
            EngineProcess first = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort);
            try {
                first.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                var workflows = WorkflowServiceGrpc.newBlockingStub(channel);
                workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(CHILD).build());
                workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(PARENT).build());
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                parent = executions.startExecution(StartExecutionRequest.newBuilder()
                        .setWorkflow("restart-parent").build()).getExecutionId();
                child = awaitApproval(executions, "restart-child").getExecutionId();
                channel.shutdownNow();
            } finally {
                first.kill();
            }

            try (EngineProcess second = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort)) {
                second.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                Execution waiting = get(executions, parent);
                assertThat(step(waiting, "sub").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
                assertThat(step(waiting, "sub").getChildExecutionId()).isEqualTo(child);
                assertThat(get(executions, child).getParentExecutionId()).isEqualTo(parent);
                assertThat(executions.listExecutions(ListExecutionsRequest.newBuilder().setParentExecutionId(parent)
                        .build()).getExecutionsCount()).as("started once").isEqualTo(1);

                EngineProcess.asCaller("alice", executions).decideApproval(DecideApprovalRequest.newBuilder().setExecutionId(child).setStepId("approve")
                                .setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE).build());
                executions.withDeadlineAfter(60, TimeUnit.SECONDS).watchExecution(WatchExecutionRequest.newBuilder()
                        .setExecutionId(parent).build()).forEachRemaining(u -> { });

                Execution done = get(executions, parent);
                assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
                assertThat(done.getOutput().getStringValue()).isEqualTo("alice");
                assertThat(step(done, "sub").getOutput().getStructValue().getFieldsMap().get("title").getStringValue())
                        .isEqualTo("tides");
                channel.shutdownNow();
            }
        }
    }

    /** The child's approval, once it is pending: the child got as far as it can before the crash. */
    private static PendingApproval awaitApproval(ExecutionServiceGrpc.ExecutionServiceBlockingStub executions,
                                                 String workflow) {
        ListApprovalsRequest query = ListApprovalsRequest.newBuilder().setWorkflow(workflow).build();
        dev.weft.testing.Eventually.await("the child's approval is pending", java.time.Duration.ofSeconds(60),
                () -> executions.listApprovals(query).getApprovalsCount() > 0);
        return executions.listApprovals(query).getApprovals(0);
    }

    private static Execution get(ExecutionServiceGrpc.ExecutionServiceBlockingStub executions, String id) {
        return executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
