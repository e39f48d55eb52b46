package dev.weft.cli.commands;

import dev.weft.api.v1.CancelExecutionRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.PauseExecutionRequest;
import dev.weft.api.v1.ResumeExecutionRequest;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.TerminalSettings;
import dev.weft.cli.render.BoardLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Cancel, pause and resume: one call on one execution, answered with the execution as it is after. */
public final class ControlCommands {
    private ControlCommands() {
    }

    abstract static class Control extends EngineCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "why, for the history")
        String reason;

        @Override
        protected int run(EngineConnection c) {
            Execution e = call(c);
            if (json) {
                printJson(e);
            } else {
                out().println(new BoardLines(TerminalSettings.detect(true).unicode()).header(e, clock().instant()));
                out().flush();
            }
            return ExitCodes.OK;
        }

        abstract Execution call(EngineConnection c);
    }

    @Command(name = "cancel", description = "Cancels an execution: running tasks are abandoned, nothing new starts.")
    public static final class Cancel extends Control {
        @Override
        Execution call(EngineConnection c) {
            return c.executions().cancelExecution(CancelExecutionRequest.newBuilder().setExecutionId(id)
                    .setReason(reason).build());
        }
    }

    @Command(name = "pause", description = "Pauses a running execution: tasks in flight finish, nothing new is dispatched.")
    public static final class Pause extends Control {
        @Override
        Execution call(EngineConnection c) {
            return c.executions().pauseExecution(PauseExecutionRequest.newBuilder().setExecutionId(id)
                    .setReason(reason).build());
        }
    }

    @Command(name = "resume", description = "Resumes a paused execution.")
    public static final class Resume extends Control {
        @Override
        Execution call(EngineConnection c) {
            return c.executions().resumeExecution(ResumeExecutionRequest.newBuilder().setExecutionId(id)
                    .setReason(reason).build());
        }
    }
}
