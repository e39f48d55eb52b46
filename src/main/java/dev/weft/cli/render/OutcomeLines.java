package dev.weft.cli.render;

import dev.weft.api.v1.Execution;
import java.util.ArrayList;
import java.util.List;

/** What an execution produced: its output (whole numbers as integers), or its error. */
public final class OutcomeLines {
    private OutcomeLines() {
    }

    public static List<String> of(Execution e) {
        List<String> lines = new ArrayList<>();
        if (e.hasOutput()) {
            lines.add(String.format(Formats.OUTPUT, JsonText.of(e.getOutput())));
        }
        if (e.hasError()) {
            lines.add(String.format(Formats.ERROR, e.getError().getType(), e.getError().getMessage()));
        }
        return lines;
    }
}
