package dev.weft.launcher;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import io.grpc.ManagedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

/**
 * {@code weft demo}: starts the demo agents (separate AMQP clients, like any external agent),
 * registers the research-report example and its publishing sub-workflow through the public gRPC
 * API, starts it and prints every update of its WatchExecution stream until it ends. It also plays
 * the editor: when the sign-off approval is requested it approves it (DecideApproval as
 * {@value #EDITOR}), as a person would in the console.
 */
@ApplicationScoped
public class DemoCommand {

    static final String EDITOR = "demo-editor";

    @Inject
    LocalEndpoints endpoints;

    int run() throws IOException, InterruptedException {
        PrintStream out = System.out;
        String log = System.getProperty("weft.demo.log");
        out.printf("engine: gRPC on %s, broker %s%s%n", endpoints.grpcAddress(), endpoints.broker(),
                log == null ? "" : "; its log: " + log);
        ManagedChannel channel = endpoints.grpcChannel();
        try (AgentRunner agents = DemoAgents.startAll(endpoints.agentOptions("demo-agent"))) {
            var workflows = WorkflowServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder()
                    .setDefinition(example("examples/publish-report.yaml")).build());
            var registered = workflows.registerWorkflow(RegisterWorkflowRequest.newBuilder()
                    .setDefinition(example("examples/research-report.yaml")).build());
            out.printf("registered %s v%d; agents %s on %s%n", registered.getName(), registered.getVersion(),
                    agents.capabilities(), endpoints.broker());
            var executions = ExecutionServiceGrpc.newBlockingStub(channel);
            String id = executions.withDeadlineAfter(30, TimeUnit.SECONDS).startExecution(
                    StartExecutionRequest.newBuilder().setWorkflow(registered.getName())
                            .setInput(Struct.newBuilder().putFields("topic",
                                    Value.newBuilder().setStringValue("Durable agents").build()))
                            .build()).getExecutionId();
            out.printf("started execution %s; watching:%n", id);
            Iterator<ExecutionUpdate> updates = executions.withDeadlineAfter(5, TimeUnit.MINUTES)
                    .watchExecution(WatchExecutionRequest.newBuilder().setExecutionId(id).build());
            ExecutionStatus last = ExecutionStatus.EXECUTION_STATUS_UNSPECIFIED;
            while (updates.hasNext()) {
                ExecutionUpdate u = updates.next();
                out.println(ProgressLines.of(u));
                if (u.hasChange()) {
                    ExecutionChange c = u.getChange();
                    last = c.getStatus();
                    if (c.getEvent().getType().equals("ApprovalRequested")) {
                        approve(executions, id, c.getEvent().getStepId(), out);
                    }
                    if (c.hasOutput()) {
                        // As JSON with whole numbers as integers (a Struct carries only doubles).
                        out.println("output: " + dev.weft.store.Json.write(
                                dev.weft.api.grpc.ValueMapper.toJava(c.getOutput())));
                    }
                }
            }
            out.println("final status: " + last);
            return last == ExecutionStatus.EXECUTION_STATUS_COMPLETED ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** What an editor would do in the console: approve the sign-off, saying who and why. */
    private static void approve(ExecutionServiceGrpc.ExecutionServiceBlockingStub executions, String id, String step,
                                PrintStream out) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("x-weft-caller", io.grpc.Metadata.ASCII_STRING_MARSHALLER), EDITOR);
        executions.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .decideApproval(dev.weft.api.v1.DecideApprovalRequest.newBuilder().setExecutionId(id).setStepId(step)
                        .setDecision(dev.weft.api.v1.ApprovalDecision.APPROVAL_DECISION_APPROVE)
                        .setComment("reviewed by the demo").build());
        out.printf("%s approved %s%n", EDITOR, step);
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
