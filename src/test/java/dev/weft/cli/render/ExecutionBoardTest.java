package dev.weft.cli.render;

import static dev.weft.cli.render.Runs.at;
import static dev.weft.cli.render.Runs.execution;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Value;
import dev.weft.api.v1.ExecutionChange;
import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.ExecutionUpdate;
import dev.weft.api.v1.HistoryEvent;
import dev.weft.api.v1.StepNotice;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

class ExecutionBoardTest {

    @Test
    void changesReplaceTheirStepAddNewInstancesAndEndTheExecution() {
        ExecutionBoard board = new ExecutionBoard();
        board.apply(ExecutionUpdate.newBuilder().setSequence(3).setSnapshot(execution(
                ExecutionStatus.EXECUTION_STATUS_RUNNING, step("a", StepStatus.STEP_STATUS_RUNNING).build())).build());
        board.apply(ExecutionUpdate.newBuilder().setSequence(4).setChange(ExecutionChange.newBuilder()
                .setStatus(ExecutionStatus.EXECUTION_STATUS_RUNNING)
                .setStep(step("a", StepStatus.STEP_STATUS_COMPLETED))).build());
        board.apply(ExecutionUpdate.newBuilder().setSequence(5).setChange(ExecutionChange.newBuilder()
                .setStatus(ExecutionStatus.EXECUTION_STATUS_RUNNING)
                .setStep(Runs.instance("b[0]", "b", StepStatus.STEP_STATUS_RUNNING))).build());
        board.apply(ExecutionUpdate.newBuilder().setSequence(5).setNotice(StepNotice.newBuilder().setStepId("b[0]")
                .setNotice("no live agent")).build());

        assertThat(board.ended()).isFalse();
        assertThat(board.view().getStepsList()).extracting(s -> s.getStepId() + "=" + s.getStatus() + s.getNotice())
                .containsExactly("a=STEP_STATUS_COMPLETED", "b[0]=STEP_STATUS_RUNNINGno live agent");

        board.apply(ExecutionUpdate.newBuilder().setSequence(6).setChange(ExecutionChange.newBuilder()
                .setEvent(HistoryEvent.newBuilder().setType("ExecutionCompleted").setRecordedAt(at(9)))
                .setStatus(ExecutionStatus.EXECUTION_STATUS_COMPLETED)
                .setOutput(Value.newBuilder().setNumberValue(6))).build());

        assertThat(board.ended()).isTrue();
        assertThat(board.view().getCompletedAt()).isEqualTo(at(9));
        assertThat(OutcomeLines.of(board.view())).containsExactly("output: 6");
        assertThat(board.view().getSequence()).isEqualTo(6);
    }
}
