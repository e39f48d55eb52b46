package dev.weft.cli.render;

import static dev.weft.cli.render.Runs.at;
import static dev.weft.cli.render.Runs.instance;
import static dev.weft.cli.render.Runs.now;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.ErrorInfo;
import dev.weft.api.v1.StepStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepLinesTest {
    private final StepLines unicode = new StepLines(true, 10);

    @Test
    void aCompletedStepShowsItsMarkStatusAttemptAgentAndDuration() {
        String line = unicode.line("", step("research", StepStatus.STEP_STATUS_COMPLETED).setAttempt(1).setMaxAttempts(3)
                .setAgent("text").setAgentId("demo-agent").setStartedAt(at(0)).setCompletedAt(at(0.083)).build(), now(60));

        assertThat(line).isEqualTo("✓ research    completed   try 1/3    text by demo-agent            83ms");
    }

    @Test
    void aRunningStepCountsItsTimeUpToTheInjectedNow() {
        var running = step("review", StepStatus.STEP_STATUS_RUNNING).setAttempt(2).setAgent("reviewer")
                .setStartedAt(at(1)).build();

        assertThat(unicode.line("", running, now(5.2))).startsWith("● review      running     try 2").endsWith("4.2s");
        assertThat(unicode.line("", running, now(66))).endsWith("1m05s");
    }

    @Test
    void aForeachGroupShowsABarOfItsEndedInstancesAndAnEtaAtThePaceSoFar() {
        var group = step("drafts", StepStatus.STEP_STATUS_RUNNING).setKind("foreach").setStartedAt(at(0)).build();
        var items = List.of(
                instance("drafts[0]", "drafts", StepStatus.STEP_STATUS_COMPLETED).build(),
                instance("drafts[1]", "drafts", StepStatus.STEP_STATUS_COMPLETED).build(),
                instance("drafts[2]", "drafts", StepStatus.STEP_STATUS_RUNNING).build(),
                instance("drafts[3]", "drafts", StepStatus.STEP_STATUS_PENDING).build());

        String line = unicode.groupLine(group, items, now(4));

        // 2 of 4 ended in 4 s: the other 2 take about as long again.
        assertThat(line).contains("[█████░░░░░] 2/4").endsWith("4.0s  eta 4.0s");
    }

    @Test
    void aLoopGroupSaysItsRoundInsteadOfABar() {
        var loop = step("revise", StepStatus.STEP_STATUS_COMPLETED).setKind("loop").build();
        var rounds = List.of(instance("revise.review", "revise", StepStatus.STEP_STATUS_COMPLETED).setRound(1).build(),
                instance("revise#2.review", "revise", StepStatus.STEP_STATUS_COMPLETED).setRound(2).build());

        assertThat(unicode.groupLine(loop, rounds, now(1))).contains("round 2").doesNotContain("[");
    }

    @Test
    void aRunningApprovalSaysWhatItAsks() {
        var approval = step("sign_off", StepStatus.STEP_STATUS_RUNNING).setKind("approval").setAttempt(1)
                .setInput(Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("prompt", Value.newBuilder().setStringValue("Publish?").build()))).build();

        assertThat(unicode.line("", approval, now(1))).contains("approval").endsWith("waiting for approval: Publish?");
    }

    @Test
    void aFailedStepSaysItsErrorAndASkippedOneWhy() {
        var failed = step("fetch", StepStatus.STEP_STATUS_FAILED).setAttempt(3).setMaxAttempts(3)
                .setError(ErrorInfo.newBuilder().setType("agent_error").setMessage("boom")).build();
        var skipped = step("notify", StepStatus.STEP_STATUS_SKIPPED).setSkipReason("when").build();

        assertThat(unicode.line("", failed, now(1))).startsWith("✗ fetch").endsWith("agent_error: boom");
        assertThat(unicode.line("", skipped, now(1))).startsWith("⊘ notify").endsWith("(when)");
    }

    @Test
    void aTerminalWithoutUnicodeGetsAsciiMarksAndBars() {
        StepLines ascii = new StepLines(false, 10);
        var group = step("drafts", StepStatus.STEP_STATUS_COMPLETED).setKind("foreach").build();
        var items = List.of(instance("drafts[0]", "drafts", StepStatus.STEP_STATUS_COMPLETED).build());

        assertThat(ascii.groupLine(group, items, now(1))).startsWith("+ drafts").contains("[##########] 1/1");
    }
}
