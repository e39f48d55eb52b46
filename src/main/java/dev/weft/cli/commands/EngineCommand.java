package dev.weft.cli.commands;

import dev.weft.cli.WeftCli;
import dev.weft.cli.connect.EngineAddress;
import dev.weft.cli.connect.EngineConnection;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that makes calls to the engine: it opens the connection, runs, and closes it. */
public abstract class EngineCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "print the API's messages as JSON (proto3 JSON mapping) for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (EngineConnection c = connection.open()) {
            return run(c);
        }
    }

    protected abstract int run(EngineConnection c) throws Exception;

    public EngineAddress address() {
        return connection.engineAddress();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected InstantSource clock() {
        return ((WeftCli) spec.root().userObject()).clock();
    }

    protected void print(Iterable<String> lines) {
        PrintWriter out = out();
        lines.forEach(out::println);
        out.flush();
    }

    protected void printJson(com.google.protobuf.MessageOrBuilder message) {
        out().println(ProtoJson.pretty(message));
        out().flush();
    }
}
