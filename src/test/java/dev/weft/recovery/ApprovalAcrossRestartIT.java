package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ListApprovalsRequest;
import dev.weft.api.v1.PendingApproval;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * A pending approval survives a crash of the engine: SIGKILL while the approval step waits; the
 * new engine process lists it again (from the waits table), shows the step RUNNING (rebuilt from
 * the events), accepts the decision and runs the rest. Only the engine dies.
 */
class ApprovalAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_approval_restart");
    static final String WORKFLOW = """
            name: approval-across-restart
            steps:
              - { id: draft, agent: echo, input: { title: "T" } }
              - id: approve
                depends_on: [draft]
                approval: { prompt: "Publish {{ steps.draft.output.title }}?", approvers: [alice], timeout: 1h }
              - { id: publish, agent: echo, depends_on: [approve], input: { by: "{{ steps.approve.output.by }}" } }
            output: { by: "{{ steps.publish.output.by }}" }
            """;

    @Test
    void aPendingApprovalIsFoundAgainAfterAnEngineCrashAndItsDecisionRunsTheRest() throws Exception {
        try (RestartRun run = RestartRun.start(DATABASE, "approval")) {
            run.register(WORKFLOW);
            String id = run.start("approval-across-restart");
            assertThat(run.awaitUpdate(id, RestartRun.running("approve", "ApprovalRequested")))
                    .as("the approval was requested before the crash").isTrue();

            run.killAndRestart();

            assertThat(run.executions().listApprovals(ListApprovalsRequest.getDefaultInstance()).getApprovalsList())
                    .extracting(PendingApproval::getExecutionId, PendingApproval::getPrompt)
                    .contains(org.assertj.core.groups.Tuple.tuple(id, "Publish T?"));
            assertThat(step(run.get(id), "approve").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            EngineProcess.asCaller("alice", run.executions()).decideApproval(DecideApprovalRequest.newBuilder()
                    .setExecutionId(id).setStepId("approve").setDecision(ApprovalDecision.APPROVAL_DECISION_APPROVE)
                    .setComment("after the restart").build());
            Execution done = run.awaitEnd(id);
            assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            assertThat(done.getOutput().getStructValue().getFieldsMap().get("by").getStringValue())
                    .isEqualTo("alice");
        }
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
