package dev.weft.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process a test started (an engine, a database holder): its output is kept for the failure
 * message, the first line that says it is ready completes {@link #ready()}, and it is stopped by
 * its own handle only — never by name.
 */
public final class ChildProcess {
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    /** Starts reading the output of {@code process} (stderr merged into it) at once. */
    public ChildProcess(Process process, String name, Predicate<String> readyLine) {
        this.process = process;
        Thread t = new Thread(() -> pump(readyLine), name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /** The line that said the process is ready; fails when it ended first. */
    public CompletableFuture<String> ready() {
        return ready;
    }

    public synchronized String log() {
        return String.join("\n", output);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful stop — a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL when it has not ended within {@code seconds}. */
    public void stop(int seconds) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void pump(Predicate<String> readyLine) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    output.add(line);
                }
                if (!ready.isDone() && readyLine.test(line)) {
                    ready.complete(line);
                }
            }
        } catch (IOException ignored) {
            // the process was killed
        }
        ready.completeExceptionally(new IllegalStateException("the process ended before it was ready:\n" + log()));
    }
}
