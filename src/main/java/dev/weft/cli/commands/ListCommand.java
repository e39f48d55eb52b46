package dev.weft.cli.commands;

import com.google.protobuf.Timestamp;
import dev.weft.api.v1.ExecutionSummary;
import dev.weft.api.v1.ListExecutionsRequest;
import dev.weft.api.v1.ListExecutionsResponse;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.UserError;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.render.Elapsed;
import dev.weft.cli.render.Formats;
import dev.weft.cli.render.Statuses;
import dev.weft.cli.render.Table;
import dev.weft.cli.render.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ls", description = "Lists executions, newest first.")
public final class ListCommand extends EngineCommand {
    @Option(names = "--status", paramLabel = "STATUS", description = "running, paused, completed, failed, cancelled or timed_out")
    String status;

    @Option(names = "--workflow", paramLabel = "NAME")
    String workflow;

    @Option(names = "--since", paramLabel = "AGE|INSTANT", description = "started within AGE (30s, 10m, 2h, 7d) or after an RFC 3339 instant")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N (up to 500; default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "the next page of an earlier listing")
    String pageToken;

    @Override
    protected int run(EngineConnection c) {
        ListExecutionsRequest.Builder req = ListExecutionsRequest.newBuilder().setPageSize(limit);
        if (status != null) {
            req.setStatus(Statuses.parseExecution(status));
        }
        if (workflow != null) {
            req.setWorkflow(workflow);
        }
        if (since != null) {
            Instant after = since(since, clock().instant());
            req.setStartedAfter(Timestamp.newBuilder().setSeconds(after.getEpochSecond()).setNanos(after.getNano()));
        }
        if (pageToken != null) {
            req.setPageToken(pageToken);
        }
        ListExecutionsResponse r = c.executions().listExecutions(req.build());
        if (json) {
            printJson(r);
            return ExitCodes.OK;
        }
        Table t = new Table("EXECUTION", "WORKFLOW", "VERSION", "STATUS", "STARTED", "DURATION");
        Instant now = clock().instant();
        for (ExecutionSummary s : r.getExecutionsList()) {
            t.row(s.getExecutionId(), s.getWorkflow(), "v" + s.getVersion(), Statuses.word(s.getStatus()),
                    Times.dateTime(s.getStartedAt()), Elapsed.between(s.getStartedAt(), s.getCompletedAt(), now));
        }
        print(t.lines());
        if (!r.getNextPageToken().isEmpty()) {
            out().println(String.format(Formats.MORE_PAGES, r.getNextPageToken()));
        }
        return ExitCodes.OK;
    }

    /** {@code 10m} back from now, or an instant as written. */
    static Instant since(String text, Instant now) {
        String t = text.trim();
        if (t.matches("\\d+[smhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalStateException("the pattern admits only s, m, h and d");
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new UserError("--since: expected an age like 30s, 10m, 2h or 7d, or an instant like "
                    + "2026-12-01T10:00:00Z, but got '" + text + "'");
        }
    }
}
