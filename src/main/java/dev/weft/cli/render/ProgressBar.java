package dev.weft.cli.render;

/** {@code [██████░░░░] 6/10}: how many of a group's instances have ended. */
public final class ProgressBar {
    public static final int WIDTH = 10;

    private ProgressBar() {
    }

    public static String of(int done, int total, boolean unicode) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, (long) done * WIDTH / total);
        String full = unicode ? "█" : "#";
        String empty = unicode ? "░" : ".";
        return "[" + full.repeat(filled) + empty.repeat(WIDTH - filled) + "] " + done + "/" + total;
    }
}
