package dev.weft.cli.progress;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Whether standard output is a terminal to redraw, whether it shows Unicode, and how wide it is.
 * The {@code weft} script knows the first and the last ({@code [ -t 1 ]}, {@code tput cols}) and
 * passes them as {@code weft.terminal} and {@code weft.columns}; run directly, the console decides.
 */
public record TerminalSettings(boolean ansi, boolean unicode, int columns) {
    static final int DEFAULT_COLUMNS = 120;

    public static TerminalSettings detect(boolean forcePlain) {
        boolean ansi = !forcePlain && isTerminal() && !"dumb".equals(System.getenv("TERM"));
        String encoding = System.getProperty("stdout.encoding", Charset.defaultCharset().name());
        boolean unicode = encoding.toUpperCase(java.util.Locale.ROOT).contains("UTF");
        int columns = DEFAULT_COLUMNS;
        try {
            columns = Integer.parseInt(System.getProperty("weft.columns", System.getenv().getOrDefault("COLUMNS", "")));
        } catch (NumberFormatException ignored) {
            // not told: the default width
        }
        return new TerminalSettings(ansi, unicode, Math.max(40, columns));
    }

    public ProgressScreen screen(PrintWriter out) {
        return ansi ? new AnsiScreen(out, unicode, columns) : new PlainScreen(out, unicode);
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
