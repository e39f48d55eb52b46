package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ExecutionServiceGrpc;
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
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes share one database and one broker. Executions started on one replica are
 * worked on by both (either may consume a result), and a watcher on the other replica still sees
 * every change, in order and without gaps, to the end.
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

    @Test
    void executionsStartedOnOneReplicaAreWatchedToTheEndOnTheOtherWithoutGaps() throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = conn.createStatement()) {
            st.execute("drop database if exists " + DATABASE + " with (force)");
            st.execute("create database " + DATABASE);
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-replicas")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "replica-agent");
             EngineProcess one = EngineProcess.start(DATABASE, broker.host(), broker.port(), EngineProcess.freePort())) {
            one.awaitStarted(); // the first one migrates the schema
            try (EngineProcess two = EngineProcess.start(DATABASE, broker.host(), broker.port(), EngineProcess.freePort())) {
                two.awaitStarted();
                ManagedChannel toOne = channel(one.grpcPort);
                ManagedChannel toTwo = channel(two.grpcPort);
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
                toOne.shutdownNow();
                toTwo.shutdownNow();
            }
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
