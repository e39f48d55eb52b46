package dev.weft.cli.commands;

import dev.weft.api.v1.SignalDelivery;
import dev.weft.api.v1.SignalExecutionRequest;
import dev.weft.api.v1.SignalExecutionResponse;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.render.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "signal", description = "Sends the event NAME to an execution's wait steps (kept for a later wait "
        + "when none waits yet).")
public final class SignalCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "NAME", description = "the event, as the wait step's 'event'")
    String event;

    @Option(names = "--payload", paramLabel = "JSON|@FILE", description = "becomes the wait step's output.payload")
    String payload;

    @Option(names = "--correlation", paramLabel = "KEY", description = "only a wait on this correlation key matches")
    String correlation;

    @Option(names = "--signal-id", paramLabel = "ID", description = "idempotency key: sent twice, recorded once")
    String signalId;

    @Override
    protected int run(EngineConnection c) {
        SignalExecutionRequest.Builder req = SignalExecutionRequest.newBuilder().setExecutionId(id).setEvent(event);
        if (payload != null) {
            req.setPayload(ProtoJson.value(payload, "--payload"));
        }
        if (correlation != null) {
            req.setCorrelation(correlation);
        }
        if (signalId != null) {
            req.setSignalId(signalId);
        }
        SignalExecutionResponse r = c.executions().signalExecution(req.build());
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        for (SignalDelivery d : r.getDeliveriesList()) {
            out().println(String.format(d.getDuplicate() ? Formats.SIGNAL_DUPLICATE : Formats.SIGNAL_RECORDED, event,
                    d.getExecutionId()));
        }
        out().flush();
        return ExitCodes.OK;
    }
}
