package dev.weft.cli.render;

import static dev.weft.cli.render.Runs.execution;
import static dev.weft.cli.render.Runs.now;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepStatus;
import org.junit.jupiter.api.Test;

class PlainLinesTest {

    @Test
    void aStepIsReportedOnceWhenItEndsAndNotWhileItRuns() {
        PlainLines plain = new PlainLines(true);
        var running = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("a", StepStatus.STEP_STATUS_RUNNING).build()).build();
        var done = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("a", StepStatus.STEP_STATUS_COMPLETED).build()).build();

        assertThat(plain.next(running, now(1))).isEmpty();
        assertThat(plain.next(done, now(2))).singleElement().asString().startsWith("✓ a");
        assertThat(plain.next(done, now(3))).isEmpty();
    }

    @Test
    void eachRetryAndAWaitForAPersonAreReportedToo() {
        PlainLines plain = new PlainLines(false);
        var retry1 = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("a", StepStatus.STEP_STATUS_RETRY_WAIT).setAttempt(1).build(),
                step("ok", StepStatus.STEP_STATUS_RUNNING).setKind("approval").setAttempt(1).build()).build();
        var retry2 = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING,
                step("a", StepStatus.STEP_STATUS_RETRY_WAIT).setAttempt(2).build(),
                step("ok", StepStatus.STEP_STATUS_RUNNING).setKind("approval").setAttempt(1).build()).build();

        assertThat(plain.next(retry1, now(1))).hasSize(2);
        assertThat(plain.next(retry2, now(2))).singleElement().asString().startsWith("r a");
    }
}
