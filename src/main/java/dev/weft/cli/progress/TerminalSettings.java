package dev.weft.cli.progress;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Whether standard output is a terminal to redraw, whether it shows Unicode, and its size. The
 * {@code weft} script knows whether and how large ({@code [ -t 1 ]}, {@code tput cols}/{@code lines})
 * and passes {@code weft.terminal}, {@code weft.columns} and {@code weft.rows}; run directly, the
 * console decides.
 */
public record TerminalSettings(boolean ansi, boolean unicode, int columns, int rows) {
    static final int DEFAULT_COLUMNS = 120;
    static final int DEFAULT_ROWS = 40;

    public static TerminalSettings detect(boolean forcePlain) {
        boolean ansi = !forcePlain && isTerminal() && !"dumb".equals(System.getenv("TERM"));
        String encoding = System.getProperty("stdout.encoding", Charset.defaultCharset().name());
        boolean unicode = encoding.toUpperCase(java.util.Locale.ROOT).contains("UTF");
        int columns = told("weft.columns", "COLUMNS", DEFAULT_COLUMNS);
        int rows = told("weft.rows", "LINES", DEFAULT_ROWS);
        return new TerminalSettings(ansi, unicode, Math.max(40, columns), Math.max(5, rows));
    }

    /** A size the script (or the shell) told, or the default. */
    private static int told(String property, String env, int fallback) {
        try {
            return Integer.parseInt(System.getProperty(property, System.getenv().getOrDefault(env, "")));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public ProgressScreen screen(PrintWriter out) {
        return ansi ? new AnsiScreen(out, unicode, columns, rows) : new PlainScreen(out, unicode);
    }

    /** A terminal redraws four times a second; plain lines only change with the stream. */
    public ExecutionFollower follower(PrintWriter out, InstantSource clock) {
        return new ExecutionFollower(screen(out), clock, ansi ? Duration.ofMillis(250) : Duration.ofSeconds(5));
    }

    private static boolean isTerminal() {
        String told = System.getProperty("weft.terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ has a console even when redirected, and says whether it is a terminal.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
