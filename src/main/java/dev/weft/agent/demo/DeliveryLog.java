package dev.weft.agent.demo;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An agent's own record of what it received and what the broker accepted from it, one line per
 * fact, written straight to the file (no buffer) so a process killed the next instant keeps every
 * line it wrote. Lines are tab-separated: {@code <epoch ms> received <task id> <attempt>} and
 * {@code <epoch ms> sent <task id> <attempt> <outcome>}, where outcome is {@code completed},
 * {@code failed}, {@code garbage-body} or {@code garbage-status}. Fault tests compare these lines
 * with the engine's history.
 */
public final class DeliveryLog implements AutoCloseable {
    public static final String RECEIVED = "received";
    public static final String SENT = "sent";

    private final FileOutputStream out;

    private DeliveryLog(FileOutputStream out) {
        this.out = out;
    }

    /** Appends to {@code file}, creating it and its directory if needed. */
    public static DeliveryLog appendingTo(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DeliveryLog(new FileOutputStream(file.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("--log: cannot open " + file + " for appending", e);
        }
    }

    public void received(String taskId, int attempt) {
        write(RECEIVED + "\t" + taskId + "\t" + attempt);
    }

    public void sent(String taskId, int attempt, String outcome) {
        write(SENT + "\t" + taskId + "\t" + attempt + "\t" + outcome);
    }

    private synchronized void write(String fact) {
        try {
            out.write((System.currentTimeMillis() + "\t" + fact + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delivery log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the delivery log", e);
        }
    }
}
