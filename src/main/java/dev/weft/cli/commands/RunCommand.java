package dev.weft.cli.commands;

import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.RegisterWorkflowResponse;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.ExecutionFollower;
import dev.weft.cli.render.Formats;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Registers FILE (a new version when the name exists), starts it and shows "
        + "its progress until it ends; exit code 0 when it completed, 1 otherwise.")
public final class RunCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the workflow definition (YAML or JSON)")
    Path file;

    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "the start input: a JSON object, or @file")
    String input;

    @Option(names = "--request-id", paramLabel = "ID", description = "idempotency key: the same id returns the same execution")
    String requestId;

    @Option(names = "--plain", description = "plain lines even on a terminal")
    boolean plain;

    @Override
    protected int run(EngineConnection c) throws Exception {
        String definition = ProtoJson.read(file, "FILE");
        RegisterWorkflowResponse registered = c.workflows().registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(definition).build());
        StartExecutionRequest.Builder start = StartExecutionRequest.newBuilder().setWorkflow(registered.getName())
                .setVersion(registered.getVersion());
        if (input != null) {
            start.setInput(ProtoJson.object(input, "--input"));
        }
        if (requestId != null) {
            start.setRequestId(requestId);
        }
        StartExecutionResponse started = c.executions().startExecution(start.build());
        String id = started.getExecutionId();
        if (!json) {
            out().println(String.format(Formats.STARTED, registered.getName(), registered.getVersion(), id,
                    c.address()));
            out().flush();
        }
        return Following.follow(c, id, plain, json, out(), clock(), ExecutionFollower.ChangeListener.NONE);
    }
}
