package dev.weft.cli.commands;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.progress.TerminalSettings;
import dev.weft.cli.render.BoardLines;
import dev.weft.cli.render.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Approve and reject: a person's decision on an approval step, recorded under --caller. */
public final class DecisionCommands {
    private DecisionCommands() {
    }

    abstract static class Decision extends EngineCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "STEP", description = "the approval step (its instance id inside a foreach or loop)")
        String step;

        @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "", description = "why, for the history and the step's output")
        String comment;

        @Override
        protected int run(EngineConnection c) {
            Execution e = c.executions().decideApproval(DecideApprovalRequest.newBuilder().setExecutionId(id)
                    .setStepId(step).setDecision(decision()).setComment(comment).build());
            if (json) {
                printJson(e);
            } else {
                out().println(String.format(Formats.DECIDED, verb(), step, connection.caller));
                out().println(new BoardLines(TerminalSettings.detect(true).unicode()).header(e, clock().instant()));
                out().flush();
            }
            return ExitCodes.OK;
        }

        abstract ApprovalDecision decision();

        abstract String verb();
    }

    @Command(name = "approve", description = "Approves a pending approval step: it completes and its dependents run.")
    public static final class Approve extends Decision {
        @Override
        ApprovalDecision decision() {
            return ApprovalDecision.APPROVAL_DECISION_APPROVE;
        }

        @Override
        String verb() {
            return "approved";
        }
    }

    @Command(name = "reject", description = "Rejects a pending approval step: it fails and its on_error applies.")
    public static final class Reject extends Decision {
        @Override
        ApprovalDecision decision() {
            return ApprovalDecision.APPROVAL_DECISION_REJECT;
        }

        @Override
        String verb() {
            return "rejected";
        }
    }
}
