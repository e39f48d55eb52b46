package dev.weft.cli.progress;

import dev.weft.api.v1.Execution;
import dev.weft.cli.render.BoardLines;
import dev.weft.cli.render.PlainLines;
import java.io.PrintWriter;
import java.time.Instant;

/** Not a terminal: the header once, then a line per step state worth recording, nothing redrawn. */
public final class PlainScreen implements ProgressScreen {
    private final PrintWriter out;
    private final BoardLines board;
    private final PlainLines lines;
    private boolean headerShown;

    public PlainScreen(PrintWriter out, boolean unicode) {
        this.out = out;
        this.board = new BoardLines(unicode);
        this.lines = new PlainLines(unicode);
    }

    @Override
    public void show(Execution view, Instant now) {
        if (!headerShown) {
            out.println(board.header(view, now));
            headerShown = true;
        }
        lines.next(view, now).forEach(out::println);
        out.flush();
    }

    @Override
    public void note(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void finish(Execution view, Instant now) {
        show(view, now);
        out.println(board.header(view, now));
        out.flush();
    }
}
