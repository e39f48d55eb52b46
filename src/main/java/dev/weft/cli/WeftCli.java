package dev.weft.cli;

import dev.weft.cli.commands.CatalogCommands;
import dev.weft.cli.commands.ControlCommands;
import dev.weft.cli.commands.DecisionCommands;
import dev.weft.cli.commands.EngineCommand;
import dev.weft.cli.commands.GetCommand;
import dev.weft.cli.commands.HistoryCommand;
import dev.weft.cli.commands.ListCommand;
import dev.weft.cli.commands.RunCommand;
import dev.weft.cli.commands.SignalCommand;
import dev.weft.cli.commands.WatchCommand;
import dev.weft.cli.connect.CallFailures;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The terminal client: {@code weft run|ls|get|watch|history|...} against a running engine over gRPC.
 * A plain main that starts in a fraction of a second: it needs no database and no broker, and boots
 * nothing of the engine; only the generated stubs, grpc-netty and picocli.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, version = "weft 0.1.0",
        description = "Talks to a running Weft engine (--address, or WEFT_ADDRESS; default 127.0.0.1:9000).",
        subcommands = {RunCommand.class, ListCommand.class, GetCommand.class, WatchCommand.class, HistoryCommand.class,
                ControlCommands.Cancel.class, ControlCommands.Pause.class, ControlCommands.Resume.class,
                DecisionCommands.Approve.class, DecisionCommands.Reject.class, CatalogCommands.Approvals.class,
                SignalCommand.class, CatalogCommands.Workflows.class, CatalogCommands.Agents.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done (run/watch: the execution completed), 1 the execution did not complete or "
                + "the engine refused the request, 2 a wrong command line or no engine at the address."})
public final class WeftCli implements Runnable {
    private final InstantSource clock;

    public WeftCli(InstantSource clock) {
        this.clock = clock;
    }

    public InstantSource clock() {
        return clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected a command");
    }

    public static void main(String... args) {
        QuietLogging.install();
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(InstantSource.system(), out, err, args);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line to its end and returns its exit code; tests call it with their own writers. */
    public static int execute(InstantSource clock, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new WeftCli(clock));
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command, err));
        return cli.execute(args);
    }

    /** Every failure is one line without a stack trace: what went wrong, and where when it matters. */
    private static int failed(Exception e, CommandLine command, PrintWriter err) {
        Throwable t = e;
        if (t instanceof StatusRuntimeException grpc && command.getCommand() instanceof EngineCommand engine) {
            CallFailures.Failure f = CallFailures.of(grpc, engine.address());
            err.println(f.line());
            return f.exitCode();
        }
        if (t instanceof UserError || t instanceof IllegalArgumentException) {
            err.println("weft: " + t.getMessage());
            return ExitCodes.USAGE;
        }
        err.println("weft: " + t.getClass().getSimpleName() + ": " + t.getMessage());
        return ExitCodes.FAILED;
    }
}
