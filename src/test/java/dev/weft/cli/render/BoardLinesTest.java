package dev.weft.cli.render;

import static dev.weft.cli.render.Runs.at;
import static dev.weft.cli.render.Runs.execution;
import static dev.weft.cli.render.Runs.instance;
import static dev.weft.cli.render.Runs.now;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardLinesTest {

    @Test
    void theHeaderSaysWhatRunsForHowLongAndTheEnginesEstimate() {
        Execution e = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING).setEstimatedCompletionAt(at(12)).build();

        assertThat(new BoardLines(true).header(e, now(4.5)))
                .isEqualTo("● b17bbeba-13d4-48fb-9371-7de721823057  report v2  running  4.5s  eta 7.5s");
    }

    @Test
    void anEndedExecutionShowsItsDurationAndNoEstimate() {
        Execution e = execution(ExecutionStatus.EXECUTION_STATUS_COMPLETED).setCompletedAt(at(3))
                .setEstimatedCompletionAt(at(12)).build();

        assertThat(new BoardLines(true).header(e, now(60))).endsWith("report v2  completed  3.0s");
    }

    @Test
    void eachTopLevelStepHasALineAndAGroupItsInstancesInFlight() {
        Execution e = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("research", StepStatus.STEP_STATUS_COMPLETED).build(),
                step("drafts", StepStatus.STEP_STATUS_RUNNING).setKind("foreach").build(),
                instance("drafts[0]", "drafts", StepStatus.STEP_STATUS_COMPLETED).build(),
                instance("drafts[1]", "drafts", StepStatus.STEP_STATUS_RUNNING).build(),
                step("publish", StepStatus.STEP_STATUS_PENDING).build()).build();

        List<String> lines = new BoardLines(true).render(e, now(1));

        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("✓ research");
        assertThat(lines.get(2)).startsWith("● drafts").contains("[█████░░░░░] 1/2");
        assertThat(lines.get(3)).startsWith("●   drafts[1]");
        assertThat(lines.get(4)).startsWith("○ publish");
    }

    @Test
    void aLiveBoardShowsAFewInstancesAndCountsTheRestWhileGetShowsEveryOne() {
        List<dev.weft.api.v1.StepRun> steps = new ArrayList<>();
        steps.add(step("fan", StepStatus.STEP_STATUS_RUNNING).setKind("foreach").build());
        for (int i = 0; i < 10; i++) {
            steps.add(instance("fan[" + i + "]", "fan", StepStatus.STEP_STATUS_RUNNING).build());
        }
        Execution e = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING, steps.toArray(dev.weft.api.v1.StepRun[]::new))
                .build();

        List<String> live = new BoardLines(true).render(e, now(1));
        List<String> all = new BoardLines(true, true).render(e, now(1));

        assertThat(live).hasSize(1 + 1 + BoardLines.SHOWN_INSTANCES + 1);
        assertThat(live.getLast()).contains("6 more in flight or failed");
        assertThat(all).hasSize(1 + 1 + 10);
    }

    @Test
    void aWaitingApprovalEndsTheBoardWithTheCommandsThatDecideIt() {
        Execution e = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("sign_off", StepStatus.STEP_STATUS_RUNNING).setKind("approval").build()).build();

        assertThat(new BoardLines(true).render(e, now(1)).getLast()).isEqualTo(
                "decide: weft approve b17bbeba-13d4-48fb-9371-7de721823057 sign_off   "
                        + "(or: weft reject b17bbeba-13d4-48fb-9371-7de721823057 sign_off)");
    }
}
