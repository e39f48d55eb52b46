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
        AnsiScreen screen = new AnsiScreen(new PrintWriter(text), true, 120);
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
        AnsiScreen screen = new AnsiScreen(new PrintWriter(text), true, 40);

        screen.note("x".repeat(100));

        assertThat(text.toString()).isEqualTo(AnsiScreen.CLEAR_LINE + "x".repeat(39) + "…\n");
    }
}
