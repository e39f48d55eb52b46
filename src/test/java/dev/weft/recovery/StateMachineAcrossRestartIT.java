package dev.weft.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ApprovalDecision;
import dev.weft.api.v1.DecideApprovalRequest;
import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * A state machine waiting in a visit survives a crash of the engine (ADR 0011): SIGKILL while the
 * sign-off state's first visit waits for a person; the new engine process shows the machine where
 * it was (its visits rebuilt from the events), and a rejection after the restart takes the
 * transition back to drafting, whose second visit and the next sign-off run as new instances.
 */
class StateMachineAcrossRestartIT {
    static final String DATABASE = dev.weft.testing.TestDatabases.named("weft_it_machine_restart");
    static final String WORKFLOW = """
            name: machine-across-restart
            initial: draft
            states:
              - { id: draft, agent: echo, input: { n: "{{ visits.draft }}" }, transitions: [ { to: sign_off } ] }
              - id: sign_off
                approval: { prompt: "Publish draft {{ steps.draft.output.n }}?", timeout: 1h }
                on_error: continue
                transitions:
                  - { when: "steps.sign_off.status == 'completed'", to: publish }
                  - { to: draft }
              - { id: publish, agent: echo, input: { n: "{{ steps.draft.output.n }}" }, end: true }
            """;

    @Test
    void aMachineWaitingInAVisitRunsOnAfterAnEngineCrashWithItsNextVisitsAsNewInstances() throws Exception {
        try (RestartRun run = RestartRun.start(DATABASE, "machine")) {
            run.register(WORKFLOW);
            String id = run.start("machine-across-restart");
            awaitAsked(run, id, "machine.sign_off");

            run.killAndRestart();

            Execution pending = run.get(id);
            assertThat(step(pending, "machine").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            assertThat(step(pending, "machine.sign_off").getStatus()).isEqualTo(StepStatus.STEP_STATUS_RUNNING);
            assertThat(step(pending, "machine.sign_off").getVisit()).isEqualTo(1);
            decide(run.executions(), id, "machine.sign_off", ApprovalDecision.APPROVAL_DECISION_REJECT);
            awaitAsked(run, id, "machine.sign_off#2");
            decide(run.executions(), id, "machine.sign_off#2", ApprovalDecision.APPROVAL_DECISION_APPROVE);
            Execution done = run.awaitEnd(id);

            assertThat(done.getStatus()).isEqualTo(ExecutionStatus.EXECUTION_STATUS_COMPLETED);
            assertThat(done.getOutput().getStructValue().getFieldsMap().get("n").getNumberValue()).isEqualTo(2);
            assertThat(done.getStepsList()).extracting(StepRun::getStepId).containsExactly("machine",
                    "machine.draft", "machine.sign_off", "machine.draft#2", "machine.sign_off#2", "machine.publish");
            assertThat(run.history(id)).filteredOn(e -> e.getType().equals("StateEntered"))
                    .as("each state entered once per visit").hasSize(5);
        }
    }

    private static void awaitAsked(RestartRun run, String id, String visit) {
        assertThat(run.awaitUpdate(id, RestartRun.running(visit, "ApprovalRequested")))
                .as("%s asked for a decision", visit).isTrue();
    }

    private static void decide(ExecutionServiceGrpc.ExecutionServiceBlockingStub executions, String id, String visit,
                               ApprovalDecision decision) {
        EngineProcess.asCaller("alice", executions).decideApproval(DecideApprovalRequest.newBuilder()
                .setExecutionId(id).setStepId(visit).setDecision(decision).setComment("after the restart").build());
    }

    private static StepRun step(Execution e, String stepId) {
        return e.getStepsList().stream().filter(s -> s.getStepId().equals(stepId)).findFirst().orElseThrow();
    }
}
