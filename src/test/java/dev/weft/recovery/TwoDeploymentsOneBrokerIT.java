package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.GetExecutionRequest;
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
 * Two engines with different databases share one broker and one pool of agents. Each deployment
 * has its own results address, so neither takes the other's results: every execution of both
 * completes, and neither keeps a dead letter.
 */
class TwoDeploymentsOneBrokerIT {
    static final String WORKFLOW = """
            name: two-deployments
            steps:
              - { id: a, agent: echo, input: { n: "{{ input.n }}" } }
              - { id: b, agent: text, depends_on: [a], input: { text: "n{{ steps.a.output.n }}", op: upper } }
            output: "{{ steps.b.output.text }}"
            """;
    static final int EACH = 30;

    @Test
    void twoEnginesWithTheirOwnDatabasesOnOneBrokerEachCompleteTheirOwnExecutions() throws Exception {
        List<String> databases = List.of(dev.weft.testing.TestDatabases.named("weft_it_deployment_a"),
                dev.weft.testing.TestDatabases.named("weft_it_deployment_b"));
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = conn.createStatement()) {
            for (String db : databases) {
                st.execute("drop database if exists " + db + " with (force)");
                st.execute("create database " + db);
            }
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(Files.createTempDirectory("weft-it-deployments")));
             AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "shared-agent");
             EngineProcess a = EngineProcess.start(databases.get(0), broker.host(), broker.port(), EngineProcess.freePort());
             EngineProcess b = EngineProcess.start(databases.get(1), broker.host(), broker.port(), EngineProcess.freePort())) {
            a.awaitStarted();
            b.awaitStarted();
            List<ManagedChannel> channels = List.of(channel(a.grpcPort), channel(b.grpcPort));
            List<List<String>> started = new ArrayList<>();
            for (ManagedChannel channel : channels) {
                WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                        RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
                var executions = ExecutionServiceGrpc.newBlockingStub(channel);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    ids.add(executions.startExecution(StartExecutionRequest.newBuilder().setWorkflow("two-deployments")
                            .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                            .build()).getExecutionId());
                }
                started.add(ids);
            }
            for (int d = 0; d < 2; d++) {
                var executions = ExecutionServiceGrpc.newBlockingStub(channels.get(d));
                for (int i = 0; i < EACH; i++) {
                    String id = started.get(d).get(i);
                    executions.withDeadlineAfter(60, TimeUnit.SECONDS)
                            .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build())
                            .forEachRemaining(u -> { });
                    var e = executions.getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
                    assertThat(e.getStatus()).as("deployment %d, execution %d", d, i)
                            .isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
                    assertThat(e.getOutput().getStringValue()).isEqualTo("N" + i);
                }
            }
            channels.forEach(ManagedChannel::shutdownNow);
            for (String db : databases) {
                assertThat(deadLetters(db)).as("dead letters in %s", db).isZero();
            }
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static long deadLetters(String database) throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
             var rs = conn.createStatement().executeQuery("select count(*) from dead_letters")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
