package dev.weft.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An engine stand-in in a JVM of its own: it starts the embedded PostgreSQL on a data directory,
 * commits one row and waits, so a test can SIGKILL it exactly as a crash would.
 */
final class EmbeddedPostgresHolder implements AutoCloseable {
    static final String ROW = "committed before the kill";

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();

    private EmbeddedPostgresHolder(Process process) {
        this.process = process;
    }

    /** Starts the holder JVM and waits (bounded) until its database is up; returns it with the postmaster's pid. */
    static EmbeddedPostgresHolder start(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresHolder.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        EmbeddedPostgresHolder holder = new EmbeddedPostgresHolder(p);
        holder.pump();
        return holder;
    }

    long awaitPostmasterPid() throws Exception {
        try {
            return ready.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the holder JVM did not start its database:\n" + log(), e);
        }
    }

    /** SIGKILL: no shutdown hook runs, so the postmaster is left behind as an orphan. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    synchronized String log() {
        return String.join("\n", output);
    }

    private void pump() {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        output.add(line);
                    }
                    if (line.startsWith("READY ")) {
                        ready.complete(Long.parseLong(line.substring(6).trim()));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the holder JVM ended"));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "holder-output");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedPostgres pg = DurableEmbeddedPostgres.start(dir, 0);
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create table marks (v text)");
            s.execute("insert into marks values ('" + ROW + "')");
        }
        String pid = Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim();
        System.out.println("READY " + pid);
        System.out.flush();
        // Bounded: if the test never kills it, it stops its database and ends by itself.
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        pg.close();
    }
}
