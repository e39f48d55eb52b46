package dev.weft.cli.progress;

import static dev.weft.cli.render.Runs.execution;
import static dev.weft.cli.render.Runs.now;
import static dev.weft.cli.render.Runs.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.v1.ExecutionStatus;
import dev.weft.api.v1.StepStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AnsiScreenTest {

    @Test
    void aRedrawMovesBackUpOverTheLinesItDrewAndClearsEachOne() {
        StringWriter text = new StringWriter();
        AnsiScreen screen = new AnsiScreen(new PrintWriter(text), true, 120, 40);
        var e = execution(ExecutionStatus.EXECUTION_STATUS_RUNNING, step("a", StepStatus.STEP_STATUS_RUNNING).build(),
                step("b", StepStatus.STEP_STATUS_PENDING).build()).build();

        screen.show(e, now(1));
        String first = text.toString();
        screen.show(e, now(2));
        String second = text.toString().substring(first.length());

        assertThat(first).doesNotContain("\u001b[3A").contains(AnsiScreen.CLEAR_LINE + "● a");
        assertThat(second).startsWith("\r\u001b[3A").endsWith(AnsiScreen.CLEAR_BELOW);
    }

    @Test
    void linesLongerThanTheTerminalAreCutSoNoneWraps() {
        StringWriter text = new StringWriter();
        AnsiScreen screen = new AnsiScreen(new PrintWriter(text), true, 40, 40);

        screen.note("x".repeat(100));

        assertThat(text.toString()).isEqualTo(AnsiScreen.CLEAR_LINE + "x".repeat(39) + "…\n");
    }

    @Test
    void aBoardTallerThanTheTerminalIsCutSoTheRedrawCanReachItsTop() {
        StringWriter text = new StringWriter();
        AnsiScreen screen = new AnsiScreen(new PrintWriter(text), true, 120, 6);
        var steps = new dev.weft.api.v1.StepRun[10];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = step("s" + i, StepStatus.STEP_STATUS_PENDING).build();
        }

        screen.show(execution(ExecutionStatus.EXECUTION_STATUS_RUNNING, steps).build(), now(1));
        screen.show(execution(ExecutionStatus.EXECUTION_STATUS_RUNNING, steps).build(), now(2));

        String second = text.toString().substring(text.toString().lastIndexOf("\r"));
        assertThat(second).startsWith("\r\u001b[5A").contains("… 7 more lines");
        assertThat(second.split("\n")).hasSize(5 + 1);
    }
}
