package dev.weft.cli.commands;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.GetExecutionRequest;
import dev.weft.api.v1.WatchExecutionRequest;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.ExecutionFollower;
import dev.weft.cli.progress.TerminalSettings;
import dev.weft.cli.render.OutcomeLines;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Iterator;

/** What {@code run} and {@code watch} share: follow an execution to its end and say how it ended. */
final class Following {
    private Following() {
    }

    /**
     * Progress on the screen (or JSON lines with {@code json}), then the output or the error;
     * returns the exit code of the outcome.
     */
    static int follow(EngineConnection c, String id, boolean plain, boolean json, PrintWriter out, InstantSource clock,
                      ExecutionFollower.ChangeListener listener) throws InterruptedException {
        Iterator<ExecutionUpdate> updates = c.watching().watchExecution(
                WatchExecutionRequest.newBuilder().setExecutionId(id).build());
        if (json) {
            while (updates.hasNext()) {
                out.println(ProtoJson.compact(updates.next()));
                out.flush();
            }
            return ExitCodes.of(get(c, id).getStatus());
        }
        Execution last = TerminalSettings.detect(plain).follower(out, clock).follow(updates, listener);
        OutcomeLines.of(last).forEach(out::println);
        out.flush();
        return ExitCodes.of(last.getStatus());
    }

    static Execution get(EngineConnection c, String id) {
        return c.executions().getExecution(GetExecutionRequest.newBuilder().setExecutionId(id).build());
    }
}
