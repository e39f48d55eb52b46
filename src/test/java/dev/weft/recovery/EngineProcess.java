package dev.weft.recovery;

import dev.weft.testing.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged engine as a separate operating-system process, so a test can kill it with
 * SIGKILL exactly as a crash would, and start it again on the same database and broker.
 */
final class EngineProcess implements AutoCloseable {
    private final ChildProcess process;
    final int grpcPort;

    private EngineProcess(Process process, int grpcPort) {
        this.process = new ChildProcess(process, "engine", line -> line.contains("Installed features"));
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
        return new EngineProcess(pb.start(), grpcPort);
    }

    /** Blocks until the engine logged that it started (or died trying). */
    void awaitStarted() throws Exception {
        process.ready().get(90, TimeUnit.SECONDS);
    }

    /** SIGKILL: no shutdown hook, no graceful stop — a crash. */
    void kill() throws InterruptedException {
        process.kill();
    }

    String log() {
        return process.log();
    }

    /** A plaintext channel to an engine process's gRPC port on this machine. */
    static io.grpc.ManagedChannel channel(int port) {
        return io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** An empty database of this name on the local PostgreSQL, whatever an earlier run left. */
    static void recreateDatabase(String name) throws java.sql.SQLException {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = conn.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
            st.execute("create database " + name);
        }
    }

    /** The stub, calling as {@code caller} (the x-weft-caller header approvals are decided under). */
    static dev.weft.api.v1.ExecutionServiceGrpc.ExecutionServiceBlockingStub asCaller(String caller,
            dev.weft.api.v1.ExecutionServiceGrpc.ExecutionServiceBlockingStub stub) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("x-weft-caller", io.grpc.Metadata.ASCII_STRING_MARSHALLER), caller);
        return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(20);
    }
}
