package dev.weft.cli.progress;

import dev.weft.api.v1.Execution;
import dev.weft.cli.render.BoardLines;
import dev.weft.cli.render.Formats;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * A terminal: the board is drawn once and then redrawn in place with ANSI cursor movements, each
 * line cut to the terminal's width so that no line wraps (a wrapped line would break the count of
 * lines to move up by).
 */
public final class AnsiScreen implements ProgressScreen {
    static final String CLEAR_LINE = "\u001b[2K";
    static final String CLEAR_BELOW = "\u001b[J";
    private final PrintWriter out;
    private final BoardLines board;
    private final int columns;
    private final int rows;
    private int drawn;

    /** @param rows the terminal's height: a board taller than it could not be moved back over */
    public AnsiScreen(PrintWriter out, boolean unicode, int columns, int rows) {
        this.out = out;
        this.board = new BoardLines(unicode);
        this.columns = columns;
        this.rows = rows;
    }

    @Override
    public void show(Execution view, Instant now) {
        draw(board.render(view, now));
    }

    @Override
    public void note(String line) {
        up();
        out.print(CLEAR_LINE + cut(line) + "\n");
        drawn = 0;
        out.flush();
    }

    @Override
    public void finish(Execution view, Instant now) {
        show(view, now);
        drawn = 0;
    }

    private void draw(List<String> all) {
        List<String> lines = fit(all);
        up();
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(CLEAR_LINE).append(cut(line)).append('\n');
        }
        b.append(CLEAR_BELOW);
        out.print(b);
        out.flush();
        drawn = lines.size();
    }

    /**
     * At most the terminal's height less one line: the cursor cannot move up past the top of the
     * screen, so a taller board would be drawn again below itself. The lines cut are counted.
     */
    private List<String> fit(List<String> lines) {
        int room = Math.max(2, rows - 1);
        if (lines.size() <= room) {
            return lines;
        }
        List<String> kept = new java.util.ArrayList<>(lines.subList(0, room - 1));
        kept.add(String.format(Formats.MORE, "", lines.size() - kept.size(), "lines (a taller terminal shows them)"));
        return kept;
    }

    /** Back to the board's first line, so the next drawing overwrites it. */
    private void up() {
        if (drawn > 0) {
            out.print("\r\u001b[" + drawn + "A");
        }
    }

    private String cut(String line) {
        return line.codePointCount(0, line.length()) <= columns ? line
                : line.substring(0, line.offsetByCodePoints(0, Math.max(1, columns - 1))) + "…";
    }
}
