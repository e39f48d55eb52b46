package dev.weft.cli.commands;

import dev.weft.api.v1.GetExecutionHistoryRequest;
import dev.weft.api.v1.GetExecutionHistoryResponse;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.render.JsonText;
import dev.weft.cli.render.Table;
import dev.weft.cli.render.Times;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Lists an execution's events in order, every page.")
public final class HistoryCommand extends EngineCommand {
    static final int DETAILS_WIDTH = 90;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "only events after this sequence number")
    long after;

    @Override
    protected int run(EngineConnection c) {
        List<HistoryEvent> events = new ArrayList<>();
        GetExecutionHistoryResponse.Builder all = GetExecutionHistoryResponse.newBuilder();
        long from = after;
        do {
            GetExecutionHistoryResponse page = c.executions().getExecutionHistory(GetExecutionHistoryRequest.newBuilder()
                    .setExecutionId(id).setAfterSequence(from).setPageSize(1000).build());
            events.addAll(page.getEventsList());
            from = page.getNextAfterSequence();
        } while (from > 0);
        if (json) {
            printJson(all.addAllEvents(events));
            return ExitCodes.OK;
        }
        Table t = new Table("SEQ", "TIME", "EVENT", "STEP", "TRY", "DETAILS");
        for (HistoryEvent e : events) {
            String details = JsonText.of(e.getDetails());
            if (details.length() > DETAILS_WIDTH) {
                details = details.substring(0, DETAILS_WIDTH - 1) + "…";
            }
            t.row(String.valueOf(e.getSequence()), Times.time(e.getRecordedAt()), e.getType(), e.getStepId(),
                    e.getAttempt() > 0 ? String.valueOf(e.getAttempt()) : "", details);
        }
        print(t.lines());
        return ExitCodes.OK;
    }
}
