package dev.weft.launcher;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.cli.progress.TerminalSettings;
import dev.weft.cli.render.OutcomeLines;
import io.grpc.ManagedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

/**
 * {@code weft demo}: starts the demo agents (separate AMQP clients, like any external agent),
 * registers the research-report example and its publishing sub-workflow through the public gRPC
 * API, starts it and shows its progress with the terminal client's renderer until it ends. It also plays
 * the editor: when the sign-off approval is requested it approves it (DecideApproval as
 * {@value #EDITOR}), as a person would in the console.
 */
@ApplicationScoped
public class DemoCommand {

    static final String EDITOR = "demo-editor";

    @Inject
    LocalEndpoints endpoints;

    int run() throws IOException, InterruptedException {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        String log = System.getProperty("weft.demo.log");
        out.printf("engine: gRPC on %s, broker %s (while it runs: ./weft ls --address %s)%n",
                endpoints.grpcAddress(), endpoints.broker(), endpoints.grpcAddress());
        out.flush();
        ManagedChannel channel = endpoints.grpcChannel();
        try (AgentRunner agents = DemoAgents.startAll(endpoints.agentOptions("demo-agent"))) {
            var workflows = WorkflowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder()
                    .setDefinition(example("examples/publish-report.yaml")).build());
            var registered = workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder()
                    .setDefinition(example("examples/research-report.yaml")).build());
            var executions = ExecutionServiceGrpc.newBlockingStub(channel);
            String id = executions.withDeadlineAfter(30, TimeUnit.SECONDS).startExecution(
                    StartExecutionRequest.newBuilder().setWorkflow(registered.getName())
                            .setInput(Struct.newBuilder().putFields("topic",
                                    Value.newBuilder().setStringValue("Durable agents").build()))
                            .build()).getExecutionId();
            out.printf("started %s v%d as %s; agents %s%n", registered.getName(), registered.getVersion(), id,
                    agents.capabilities());
            out.flush();
            Iterator<ExecutionUpdate> updates = executions.withDeadlineAfter(5, TimeUnit.MINUTES)
                    .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
            // The same progress as `weft run`: redrawn in place on a terminal, plain lines otherwise.
            Execution last = TerminalSettings.detect(false).follower(out, InstantSource.system()).follow(updates,
                    (change, screen) -> {
                        if (change.getEvent().getType().equals("ApprovalRequested")) {
                            approve(executions, id, change.getEvent().getStepId());
                            screen.note(String.format("%s approved %s", EDITOR, change.getEvent().getStepId()));
                        }
                    });
            OutcomeLines.of(last).forEach(out::println);
            if (log != null) {
                out.println("engine log: " + log);
            }
            out.flush();
            return last.getStatus() == ExecutionStatus.EXECUTION_STATUS_COMPLETED ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** What an editor would do in the console: approve the sign-off, saying who and why. */
    private static void approve(ExecutionServiceGrpc.ExecutionServiceBlockingStub executions, String id, String step) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("x-weft-caller", io.grpc.Metadata.ASCII_STRING_MARSHALLER), EDITOR);
        executions.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .decideApproval(dev.weft.api.v1.DecideApprovalRequest.newBuilder().setExecutionId(id).setStepId(step)
                        .setDecision(dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_APPROVE)
                        .setComment("reviewed by the demo").build());
    }

    private static String example(String resource) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
