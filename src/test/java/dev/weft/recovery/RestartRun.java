package dev.weft.recovery;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An engine process killed (SIGKILL) and started again on the same database, while the broker and
 * the demo agents live on in this JVM: what the restart tests of each construct share.
 */
final class RestartRun implements AutoCloseable {
    private final String database;
    private final EmbeddedBroker broker;
    private final AgentRunner agents;
    private final int grpcPort;
    private EngineProcess engine;
    private ManagedChannel channel;

    private RestartRun(String database, EmbeddedBroker broker, AgentRunner agents, int grpcPort) {
        this.database = database;
        this.broker = broker;
        this.agents = agents;
        this.grpcPort = grpcPort;
    }

    /** A fresh database, a broker, the demo agents and a first engine process that answers. */
    static RestartRun start(String database, String name) throws Exception {
        EngineProcess.recreateDatabase(database);
        EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-" + name + "-broker")));
        AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "it-" + name + "-agent");
        RestartRun run = new RestartRun(database, broker, agents, EngineProcess.freePort());
        run.startEngine();
        return run;
    }

    private void startEngine() throws Exception {
        engine = EngineProcess.start(database, broker.host(), broker.port(), grpcPort);
        engine.awaitStarted();
        channel = EngineProcess.channel(grpcPort);
    }

    /** SIGKILL of the engine, then a new process on the same database and port. */
    void killAndRestart() throws Exception {
        channel.shutdownNow();
        engine.kill();
        startEngine();
    }

    ExecutionServiceGrpc.ExecutionServiceBlockingStub executions() {
        return ExecutionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    void register(String definition) {
        WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(definition).build());
    }

    String start(String workflow) {
        return executions().startExecution(StartExecutionRequest.newBuilder().setWorkflow(workflow).build())
                .getExecutionId();
    }

    Execution get(String id) {
        return executions().getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
    }

    /** Watches the execution to its end and returns it as it ended. */
    Execution awaitEnd(String id) {
        executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build())
                .forEachRemaining(u -> { });
        return get(id);
    }

    /** Watches the execution until an update is {@code seen}; false when the watch ended first. */
    boolean awaitUpdate(String id, java.util.function.Predicate<dev.weft.api.v1.ExecutionUpdate> seen) {
        var watch = executions().watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
        while (watch.hasNext()) {
            if (seen.test(watch.next())) {
                return true;
            }
        }
        return false;
    }

    /** An update of event {@code type} for step instance {@code step}. */
    static java.util.function.Predicate<dev.weft.api.v1.ExecutionUpdate> event(String type, String step) {
        return u -> u.hasChange() && u.getChange().getEvent().getType().equals(type)
                && u.getChange().getEvent().getStepId().equals(step);
    }

    /** An update showing step instance {@code step} RUNNING: its event, or a snapshot taken after it. */
    static java.util.function.Predicate<dev.weft.api.v1.ExecutionUpdate> running(String step, String event) {
        return u -> event(event, step).test(u) || u.hasSnapshot() && u.getSnapshot().getStepsList().stream()
                .anyMatch(s -> s.getStepId().equals(step) && s.getStatus() == dev.weft.api.v1.StepStatus.STEP_STATUS_RUNNING);
    }

    List<HistoryEvent> history(String id) {
        return executions().getExecutionHistory(GetExecutionHistoryRequest.newBuilder().setExecutionId(id)
                .setPageSize(1000).build()).getEventsList();
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow();
        engine.close();
        agents.close();
        broker.close();
    }
}
