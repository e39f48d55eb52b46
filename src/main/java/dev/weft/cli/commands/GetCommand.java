package dev.weft.cli.commands;

import dev.weft.api.v1.Execution;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.TerminalSettings;
import dev.weft.cli.render.BoardLines;
import dev.weft.cli.render.OutcomeLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Shows an execution: its status, every step and instance, its output or error.")
public final class GetCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    protected int run(EngineConnection c) {
        Execution e = Following.get(c, id);
        if (json) {
            printJson(e);
            return ExitCodes.OK;
        }
        boolean unicode = TerminalSettings.detect(true).unicode();
        print(new BoardLines(unicode, true).render(e, clock().instant()));
        print(OutcomeLines.of(e));
        return ExitCodes.OK;
    }
}
