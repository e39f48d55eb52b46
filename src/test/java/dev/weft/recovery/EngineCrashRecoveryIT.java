package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Done means: killing the engine with SIGKILL mid-run and starting it again completes every
 * execution with no step lost. The broker and the agents live on (in this JVM); only the engine
 * process dies, while tasks are out with agents, results are queued and outbox rows are unsent.
 */
class EngineCrashRecoveryIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_recovery");
    static final int EXECUTIONS = 20;
    static final String WORKFLOW = """
            name: crash-me
            steps:
              - id: first
                agent: slow
                input: { ms: 300, n: "{{ input.n }}" }
              - id: left
                agent: slow
                depends_on: [first]
                input: { ms: 300, n: "{{ steps.first.output.n }}" }
              - id: right
                agent: text
                depends_on: [first]
                input: { text: "run {{ steps.first.output.n }}", op: upper }
              - id: last
                agent: slow
                depends_on: [left, right]
                input: { ms: 200, n: "{{ steps.left.output.n }}", label: "{{ steps.right.output.text }}" }
            output: { n: "{{ steps.last.output.n }}", label: "{{ steps.last.output.label }}" }
            """;

    @Test
    void sigkillMidRunThenRestartCompletesEveryExecutionWithNoStepLost() throws Exception {
        EngineProcess.recreateDatabase(DATABASE);
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-broker")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "it-agent")) {
            int grpcPort = EngineProcess.freePort();
            List<String> ids = new ArrayList<>();
            EngineProcess first = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort);
            try {
                first.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                        RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
                var executions = ExecutionServiceGrpc.newBlockingStub(channel);
                for (int i = 0; i < EXECUTIONS; i++) {
                    ids.add(executions.startExecution(StartExecutionRequest.newBuilder().setWorkflow("crash-me")
                            .setRequestId("run-" + i)
                            .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                            .build()).getExecutionId());
                }
                // Kill once the first execution's first step has completed: the rest are mid-flight.
                Iterator<ExecutionUpdate> watch = executions.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(ids.get(0)).build());
                while (watch.hasNext()) {
                    ExecutionUpdate u = watch.next();
                    if (u.hasChange() && u.getChange().getEvent().getType().equals("TaskCompleted")) {
                        break;
                    }
                }
                channel.shutdownNow();
            } finally {
                first.kill();
            }
            assertThat(runningExecutions()).as("executions still running when the engine died").isPositive();

            try (EngineProcess second = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort)) {
                second.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                var executions = ExecutionServiceGrpc.newBlockingStub(channel);
                // The same request ids name the same executions: nothing was started twice.
                assertThat(executions.startExecution(StartExecutionRequest.newBuilder().setWorkflow("crash-me")
                        .setRequestId("run-0")
                        .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(0).build()))
                        .build()).getExecutionId()).isEqualTo(ids.get(0));
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    Iterator<ExecutionUpdate> watch = executions.withDeadlineAfter(120, TimeUnit.SECONDS)
                            .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
                    watch.forEachRemaining(u -> { });
                    Execution e = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                    assertThat(e.getStatus()).as("execution %d: %s", i, e).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
                    assertThat(e.getStepsList()).extracting(s -> s.getStatus()).containsOnly(StepStatus.STEP_STATUS_COMPLETED);
                    assertThat(e.getOutput().getStructValue().getFieldsMap().get("n").getNumberValue()).isEqualTo(i);
                    assertThat(e.getOutput().getStructValue().getFieldsMap().get("label").getStringValue())
                            .isEqualTo("RUN " + i);
                    List<HistoryEvent> history = executions.getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                            .setExecutionId(id).setPageSize(1000).build()).getEventsList();
                    // Exactly one completion per step is counted; redeliveries are recorded as ignored.
                    assertThat(history.stream().filter(h -> h.getType().equals("TaskCompleted"))
                            .map(HistoryEvent::getStepId)).containsExactlyInAnyOrder("first", "left", "right", "last");
                }
                channel.shutdownNow();
            }
        }
    }


    private static int runningExecutions() throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
             var rs = conn.createStatement().executeQuery("select count(*) from executions where status = 'RUNNING'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
