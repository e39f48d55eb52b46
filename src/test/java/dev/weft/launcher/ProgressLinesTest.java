package dev.weft.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepRun;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

/** A progress line says what a step's event started: which child, which fallback. */
class ProgressLinesTest {

    private static ExecutionUpdate change(String type, StepRun step) {
        return ExecutionUpdate.newBuilder().setSequence(33).setChange(ExecutionChange.newBuilder()
                .setEvent(HistoryEvent.newBuilder().setType(type).setStepId(step.getStepId()).setAttempt(1))
                .setStep(step)).build();
    }

    @Test
    void aChildStartedLineNamesTheChild() {
        String line = ProgressLines.of(change("ChildStarted", StepRun.newBuilder().setStepId("publish")
                .setStatus(StepStatus.STEP_STATUS_RUNNING).setAttempt(1).setChildExecutionId("c-1").build()));

        assertThat(line).isEqualTo("#33  ChildStarted        publish running    attempt 1 child c-1");
    }

    @Test
    void aFallbackStartedLineNamesTheCapabilityThatTakesOver() {
        String line = ProgressLines.of(change("FallbackStarted", StepRun.newBuilder().setStepId("fetch")
                .setStatus(StepStatus.STEP_STATUS_READY).setAttempt(2).setAgent("echo").setInFallback(true).build()));

        assertThat(line).startsWith("#33  FallbackStarted     fetch  ready      attempt 1 falls back to echo");
    }
}
