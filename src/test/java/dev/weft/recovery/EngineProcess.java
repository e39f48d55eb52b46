package dev.weft.recovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged engine as a separate operating-system process, so a test can kill it with
 * SIGKILL exactly as a crash would, and start it again on the same database and broker.
 */
final class EngineProcess implements AutoCloseable {
    private final Process process;
    final int grpcPort;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private EngineProcess(Process process, int grpcPort) {
        this.process = process;
        this.grpcPort = grpcPort;
    }

    static EngineProcess start(String database, String amqpHost, int amqpPort, int grpcPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java,
                "-Djava.library.path=" + System.getProperty("weft.native.dir"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-jar", System.getProperty("weft.app.jar", "target/quarkus-app/quarkus-run.jar"), "serve")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("AMQP_HOST", amqpHost);
        env.put("AMQP_PORT", String.valueOf(amqpPort));
        env.put("QUARKUS_GRPC_SERVER_PORT", String.valueOf(grpcPort));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        env.put("WEFT_TIMERS_POLL_INTERVAL", "1s");
        EngineProcess engine = new EngineProcess(pb.start(), grpcPort);
        engine.pumpOutput();
        return engine;
    }

    /** Blocks until the engine logged that it started (or died trying). */
    void awaitStarted() throws Exception {
        started.get(90, TimeUnit.SECONDS);
    }

    /** SIGKILL: no shutdown hook, no graceful stop — a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    synchronized String log() {
        return String.join("\n", output);
    }

    private void pumpOutput() {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        output.add(line);
                    }
                    if (line.contains("Installed features")) {
                        started.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            started.completeExceptionally(new IllegalStateException("engine exited before starting:\n" + log()));
        }, "engine-output");
        t.setDaemon(true);
        t.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
