package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.PauseExecutionRequest;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.ResumeExecutionRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A paused execution survives a crash of the engine: SIGKILL while it is paused, with a result
 * recorded and a retry timer deferred during the pause; the new engine process still shows it
 * PAUSED, dispatches nothing, and after the resume fires the deferred timer and runs to the end.
 * The broker and the agents live on in this JVM; only the engine dies.
 */
class PauseAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_pause");
    static final String WORKFLOW = """
            name: pause-across-restart
            steps:
              - { id: first, agent: slow, input: { ms: 1500 } }
              - { id: second, agent: echo, depends_on: [first], input: { after: "{{ steps.first.output.ms }}" } }
              - id: side
                agent: slow
                input: { ms: 4000 }
                timeout: 1s
                retry: { max_attempts: 2, backoff: fixed, initial_interval: 200ms }
                on_error: continue
            output: { after: "{{ steps.second.output.after }}" }
            """;

    @Test
    void aPausedExecutionStaysPausedAcrossAnEngineCrashAndCompletesAfterTheResume() throws Exception {
        EngineProcess.recreateDatabase(DATABASE);
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-pause-broker")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "it-pause-agent")) {
            int grpcPort = EngineProcess.freePort();
            String id;
            EngineProcess first = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort);
            try {
                first.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                        RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                id = executions.startExecution(StartExecutionRequest.newBuilder().setWorkflow("pause-across-restart")
                        .build()).getExecutionId();
                Iterator<ExecutionUpdate> watch = executions.watchExecution(WatchExecutionRequest.newBuilder()
                        .setExecutionId(id).build());
                Execution paused = EngineProcess.asCaller("alice", executions).pauseExecution(PauseExecutionRequest.newBuilder()
                        .setExecutionId(id).setReason("before the crash").build());
                assertThat(paused.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);
                // Kill once, while paused, first's result is recorded and side's retry has fallen due.
                Set<String> awaited = new HashSet<>(Set.of("TaskCompleted", "TimerDeferred:RETRY_BACKOFF"));
                while (!awaited.isEmpty() && watch.hasNext()) {
                    ExecutionUpdate u = watch.next();
                    if (u.hasChange()) {
                        HistoryEvent e = u.getChange().getEvent();
                        var kind = e.getDetails().getFieldsMap().get("kind");
                        awaited.remove(kind == null ? e.getType() : e.getType() + ":" + kind.getStringValue());
                    }
                }
                assertThat(awaited).as("seen before the crash").isEmpty();
                channel.shutdownNow();
            } finally {
                first.kill();
            }
            assertThat(storedStatus(id)).as("the executions row after the crash").isEqualTo("PAUSED");

            try (EngineProcess second = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort)) {
                second.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                Execution after = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                assertThat(after.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_PAUSED);
                assertThat(after.getPause().getReason()).isEqualTo("before the crash");
                assertThat(after.getPause().getRequestedBy()).isEqualTo("alice");
                assertThat(after.getPause().getDeferredTimers()).isPositive();
                assertThat(step(after, "first").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);
                assertThat(step(after, "second").getStatus()).isEqualTo(StepStatus.STEP_STATUS_READY);
                assertThat(step(after, "side").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RETRY_WAIT);
                assertThat(executions.listExecutions(ListExecutionsRequest.newBuilder()
                                .setStatus(ExecutionStatus.EXECUTION_STATUS_PAUSED).build()).getExecutionsList())
                        .extracting(ExecutionSummary::getExecutionId).contains(id);

                executions.resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id)
                        .setReason("after the restart").build());
                executions.withDeadlineAfter(60, TimeUnit.SECONDS).watchExecution(WatchExecutionRequest.newBuilder()
                        .setExecutionId(id).build()).forEachRemaining(u -> { });
                Execution done = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
                assertThat(done.getOutput().getStructValue().getFieldsMap().get("after").getNumberValue())
                        .isEqualTo(1500);
                assertThat(step(done, "side").getAttempt()).as("the deferred retry ran after the resume").isEqualTo(2);
                List<String> types = executions.getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                        .setExecutionId(id).setPageSize(1000).build()).getEventsList().stream()
                        .map(HistoryEvent::getType).toList();
                assertThat(types.subList(types.indexOf("ExecutionPaused"), types.indexOf("ExecutionResumed")))
                        .as("nothing dispatched while paused, before or after the crash")
                        .doesNotContain("TaskDispatched");
                channel.shutdownNow();
            }
        }
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }


    private static String storedStatus(String id) throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
             var st = conn.prepareStatement("select status from executions where id = ?")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
