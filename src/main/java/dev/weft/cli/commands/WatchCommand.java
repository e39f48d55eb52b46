package dev.weft.cli.commands;

import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.ExecutionFollower;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Shows an execution's progress until it ends (with --json: every update "
        + "as a JSON line); exit code 0 when it completed, 1 otherwise.")
public final class WatchCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--plain", description = "plain lines even on a terminal")
    boolean plain;

    @Override
    protected int run(EngineConnection c) throws Exception {
        return Following.follow(c, id, plain, json, out(), clock(), ExecutionFollower.ChangeListener.NONE);
    }
}
