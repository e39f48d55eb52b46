package dev.weft.launcher;

import dev.weft.testing.ChildProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An engine stand-in in a JVM of its own: it starts the embedded PostgreSQL on a data directory,
 * commits one row and waits, so a test can SIGKILL it exactly as a crash would.
 */
final class EmbeddedPostgresHolder implements AutoCloseable {
    static final String ROW = "committed before the kill";

    private static final String READY = "READY ";

    private final ChildProcess process;

    private EmbeddedPostgresHolder(Process process) {
        this.process = new ChildProcess(process, "holder", line -> line.startsWith(READY));
    }

    /** Starts the holder JVM and waits (bounded) until its database is up; returns it with the postmaster's pid. */
    static EmbeddedPostgresHolder start(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EmbeddedPostgresHolder.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        return new EmbeddedPostgresHolder(p);
    }

    long awaitPostmasterPid() throws Exception {
        try {
            return Long.parseLong(process.ready().get(90, TimeUnit.SECONDS).substring(READY.length()).trim());
        } catch (Exception e) {
            throw new AssertionError("the holder JVM did not start its database:\n" + log(), e);
        }
    }

    /** SIGKILL: no shutdown hook runs, so the postmaster is left behind as an orphan. */
    void kill() throws InterruptedException {
        process.kill();
    }

    String log() {
        return process.log();
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(30);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedPostgres pg = DurableEmbeddedPostgres.start(dir, 0);
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create table marks (v text)");
            s.execute("insert into marks values ('" + ROW + "')");
        }
        String pid = Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim();
        System.out.println(READY + pid);
        System.out.flush();
        // Bounded: if the test never kills it, it stops its database and ends by itself.
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        pg.close();
    }
}
