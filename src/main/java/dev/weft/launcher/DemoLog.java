package dev.weft.launcher;

import java.nio.file.Path;

/**
 * {@code weft demo} prints the progress of its example, not a hundred lines of start-up logs: the
 * engine's log goes to a file under the data directory instead of the console (unless the user
 * configured the console log), and the demo prints where.
 */
public final class DemoLog {
    private DemoLog() {
    }

    /** Call before Quarkus reads its configuration; returns the log file. */
    public static Path toFile() {
        Path dir = Path.of(System.getProperty("weft.data-dir", System.getenv().getOrDefault("WEFT_DATA_DIR", ".weft")));
        Path file = dir.resolve("logs").resolve("demo.log").toAbsolutePath();
        if (System.getProperty("quarkus.log.console.enable") == null && System.getenv("QUARKUS_LOG_CONSOLE_ENABLE") == null) {
            System.setProperty("quarkus.log.console.enable", "false");
            System.setProperty("quarkus.log.file.enable", "true");
            System.setProperty("quarkus.log.file.path", file.toString());
            System.setProperty("weft.demo.log", file.toString());
        }
        return file;
    }
}
