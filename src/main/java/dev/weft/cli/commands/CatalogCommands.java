package dev.weft.cli.commands;

import dev.weft.api.v1.Agent;
import dev.weft.api.v1.ListAgentsRequest;
import dev.weft.api.v1.ListAgentsResponse;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.ListApprovalsResponse;
import dev.weft.api.v1.ListWorkflowsRequest;
import dev.weft.api.v1.ListWorkflowsResponse;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.Workflow;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.connect.EngineConnection;
import dev.weft.cli.render.Table;
import dev.weft.cli.render.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the engine knows besides executions: workflows, connected agents, approvals waiting for people. */
public final class CatalogCommands {
    private CatalogCommands() {
    }

    @Command(name = "workflows", description = "Lists the registered workflows (with NAME: every version of it).")
    public static final class Workflows extends EngineCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        protected int run(EngineConnection c) {
            ListWorkflowsResponse r = c.workflows().listWorkflows(ListWorkflowsRequest.newBuilder()
                    .setName(name == null ? "" : name).build());
            if (json) {
                printJson(r);
                return ExitCodes.OK;
            }
            Table t = new Table("WORKFLOW", "VERSION", "REGISTERED", "BY", "STEPS", "DESCRIPTION");
            for (Workflow w : r.getWorkflowsList()) {
                t.row(w.getName(), "v" + w.getVersion(), Times.dateTime(w.getRegisteredAt()), w.getRegisteredBy(),
                        String.valueOf(w.getStepIdsCount()), w.getDescription());
            }
            print(t.lines());
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls-agents", description = "Lists the agents connected to the engine (their heartbeats). "
            + "Not to be confused with 'weft agents', which runs the demo agents.")
    public static final class Agents extends EngineCommand {
        @Option(names = "--capability", paramLabel = "NAME", description = "only agents with this capability")
        String capability;

        @Option(names = "--all", description = "also agents whose last heartbeat is too old")
        boolean all;

        @Override
        protected int run(EngineConnection c) {
            ListAgentsResponse r = c.agents().listAgents(ListAgentsRequest.newBuilder()
                    .setCapability(capability == null ? "" : capability).setIncludeDead(all).build());
            if (json) {
                printJson(r);
                return ExitCodes.OK;
            }
            Table t = new Table("AGENT", "ALIVE", "CAPABILITIES", "LAST HEARTBEAT", "VERSION");
            for (Agent a : r.getAgentsList()) {
                t.row(a.getAgentId(), a.getAlive() ? "yes" : "no", String.join(",", a.getCapabilitiesList()),
                        Times.dateTime(a.getLastHeartbeatAt()), a.getVersion());
            }
            print(t.lines());
            return ExitCodes.OK;
        }
    }

    @Command(name = "approvals", description = "Lists the approval steps waiting for a decision, oldest first.")
    public static final class Approvals extends EngineCommand {
        @Option(names = "--workflow", paramLabel = "NAME")
        String workflow;

        @Override
        protected int run(EngineConnection c) {
            ListApprovalsResponse r = c.executions().listApprovals(ListApprovalsRequest.newBuilder()
                    .setWorkflow(workflow == null ? "" : workflow).build());
            if (json) {
                printJson(r);
                return ExitCodes.OK;
            }
            Table t = new Table("EXECUTION", "WORKFLOW", "STEP", "SINCE", "APPROVERS", "PROMPT");
            for (PendingApproval a : r.getApprovalsList()) {
                t.row(a.getExecutionId(), a.getWorkflow(), a.getStepId(), Times.dateTime(a.getSince()),
                        a.getApproversCount() == 0 ? "anyone" : String.join(",", a.getApproversList()), a.getPrompt());
            }
            print(t.lines());
            return ExitCodes.OK;
        }
    }
}
