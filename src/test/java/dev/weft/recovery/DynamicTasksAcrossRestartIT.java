package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Planned tasks survive a crash of the engine (ADR 0011): SIGKILL after the first task's result is
 * recorded while another is out with an agent; the new engine process runs the rest from the
 * recorded plan (planned once, never evaluated again), the last task after the two it depends on.
 */
class DynamicTasksAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_dynamic");
    static final String WORKFLOW = """
            name: dynamic-across-restart
            steps:
              - id: plan
                agent: echo
                input:
                  tasks:
                    - { id: quick, agent: slow, input: { ms: 200 } }
                    - { id: long, agent: slow, input: { ms: 2500 } }
                    - { id: last, agent: slow, input: { ms: 200 }, depends_on: [quick, long] }
              - { id: work, depends_on: [plan], dynamic: { tasks: "{{ steps.plan.output.tasks }}" } }
            output: "{{ steps.work.output.last.ms }}"
            """;

    @Test
    void planTasksRunOnAfterAnEngineCrashFromTheRecordedPlan() throws Exception {
        EngineProcess.recreateDatabase(DATABASE);
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-dynamic-broker")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "it-dynamic-agent")) {
            int grpcPort = EngineProcess.freePort();
            String id;
            EngineProcess first = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort);
            try {
                first.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                        RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                id = executions.startExecution(StartExecutionRequest.newBuilder().setWorkflow("dynamic-across-restart")
                        .build()).getExecutionId();
                Iterator<ExecutionUpdate> watch = executions.watchExecution(WatchExecutionRequest.newBuilder()
                        .setExecutionId(id).build());
                // Kill once the quick task has its result while the long one (2.5 s) is still out.
                boolean seen = false;
                while (!seen && watch.hasNext()) {
                    ExecutionUpdate u = watch.next();
                    seen = u.hasChange() && u.getChange().getEvent().getType().equals("TaskCompleted")
                            && u.getChange().getEvent().getStepId().equals("work.quick");
                }
                assertThat(seen).as("the quick task completed before the crash").isTrue();
                channel.shutdownNow();
            } finally {
                first.kill();
            }

            try (EngineProcess second = EngineProcess.start(DATABASE, broker.host(), broker.port(), grpcPort)) {
                second.awaitStarted();
                ManagedChannel channel = EngineProcess.channel(grpcPort);
                var executions = ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
                Execution after = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                assertThat(step(after, "work").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
                assertThat(step(after, "work.quick").getStatus()).isEqualTo(StepStatus.STEP_STATUS_COMPLETED);

                executions.watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build())
                        .forEachRemaining(u -> { });
                Execution done = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
                assertThat(done.getOutput().getNumberValue()).isEqualTo(200);
                List<HistoryEvent> history = executions.getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                        .setExecutionId(id).setPageSize(1000).build()).getEventsList();
                assertThat(history).filteredOn(e -> e.getType().equals("TasksPlanned")).as("planned once").hasSize(1);
                assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("plan", "work",
                        "work.quick", "work.long", "work.last");
                channel.shutdownNow();
            }
        }
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
