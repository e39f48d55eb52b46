package dev.weft.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything one scenario runs on: its own database ({@code weft_fault_<scenario>}) on the local
 * PostgreSQL, and processes of the packaged jar — a broker, agent processes with their delivery
 * logs, engines — all writing into {@code target/fault/<scenario>/}, which is left behind for a
 * post-mortem. Closing the rig kills what it started, nothing else.
 */
final class FaultRig implements AutoCloseable {
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Duration START_BOUND = Duration.ofSeconds(90);

    final String scenario;
    final String database;
    final Path dir;
    final int brokerPort;
    private final List<WeftProcess> processes = new ArrayList<>();
    private int launches;

    private FaultRig(String scenario, Path dir, int brokerPort) {
        this.scenario = scenario;
        this.database = dev.weft.testing.TestDatabases.named("weft_fault_" + scenario);
        this.dir = dir;
        this.brokerPort = brokerPort;
    }

    static FaultRig create(String scenario) throws Exception {
        FaultRig rig = new FaultRig(scenario, outputRoot().resolve(scenario), freePort());
        deleteTree(rig.dir);
        Files.createDirectories(rig.dir);
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
             var st = c.createStatement()) {
            st.execute("drop database if exists " + rig.database + " with (force)");
            st.execute("create database " + rig.database);
        }
        return rig;
    }

    /** {@code target/fault}, next to the jar under test. */
    static Path outputRoot() {
        return Path.of(System.getProperty("weft.app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath()
                .getParent().getParent().resolve("fault");
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(PG + database, "postgres", "");
    }

    /** The broker on {@link #brokerPort} with its journal in this rig's directory; restarts reuse both. */
    WeftProcess startBroker() {
        return startBroker(ClassArchives.use("broker"));
    }

    private WeftProcess startBroker(List<String> cds) {
        return launch("broker", cds, "-Xmx256m", Map.of(), List.of("broker", "--port", String.valueOf(brokerPort),
                "--data-dir", dir.resolve("broker-data").toString()), "broker: ");
    }

    /**
     * Demo agents as clients of the rig's broker, logging every delivery to {@link #deliveryLog}.
     *
     * @param options further {@code weft agents} options, e.g. {@code --behaviour double}
     */
    WeftProcess startAgents(String agentId, String... options) {
        return startAgents(ClassArchives.use("agents"), agentId, options);
    }

    /**
     * An agent process that halts itself on receiving its {@code nth} task; not waited for, since
     * with tasks queued it may crash before it could say it is ready.
     */
    WeftProcess startCrashingAgents(String agentId, int nth, int prefetch) {
        return launch(agentId, ClassArchives.use("agents"), "-Xmx192m", Map.of(), agentArgs(agentId,
                "--behaviour", "crash-after-receive", "--crash-after", String.valueOf(nth),
                "--prefetch", String.valueOf(prefetch)), null);
    }

    private WeftProcess startAgents(List<String> cds, String agentId, String... options) {
        return launch(agentId, cds, "-Xmx192m", Map.of(), agentArgs(agentId, options), "agents " + agentId + " ready");
    }

    private List<String> agentArgs(String agentId, String... options) {
        List<String> args = new ArrayList<>(List.of("agents", "--broker-host", "127.0.0.1",
                "--broker-port", String.valueOf(brokerPort), "--agent-id", agentId,
                "--log", deliveryLog(agentId).toString()));
        args.addAll(List.of(options));
        return args;
    }

    Path deliveryLog(String agentId) {
        return dir.resolve(agentId + ".deliveries");
    }

    /** Every delivery log written in this rig so far. */
    List<Path> deliveryLogs() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".deliveries")).sorted().toList();
        }
    }

    /** The engine on the rig's database and broker, serving gRPC on {@code grpcPort}. */
    WeftProcess startEngine(int grpcPort) {
        return startEngine(ClassArchives.use("engine"), grpcPort, Map.of());
    }

    /** @param settings more environment for the engine, e.g. a scenario's own configuration */
    WeftProcess startEngine(int grpcPort, Map<String, String> settings) {
        return startEngine(ClassArchives.use("engine"), grpcPort, settings);
    }

    private WeftProcess startEngine(List<String> cds, int grpcPort, Map<String, String> settings) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.putAll(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database,
                "QUARKUS_DATASOURCE_JDBC_URL", PG + database,
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "AMQP_HOST", "127.0.0.1",
                "AMQP_PORT", String.valueOf(brokerPort),
                "QUARKUS_GRPC_SERVER_PORT", String.valueOf(grpcPort),
                "QUARKUS_HTTP_PORT", String.valueOf(freePort()),
                "WEFT_TIMERS_POLL_INTERVAL", "1s"));
        return launch("engine", cds, "-Xmx384m", env, List.of("serve"), "Installed features");
    }

    /**
     * Runs each mode once with a training flag and stops it cleanly, so that later starts map the
     * archived classes (see {@link ClassArchives}). Best effort: without archives runs are slower.
     */
    void trainClassArchives() throws Exception {
        Files.createDirectories(ClassArchives.dir());
        WeftProcess broker = startBroker(ClassArchives.train("broker"));
        WeftProcess agents = startAgents(ClassArchives.train("agents"), "trainee");
        WeftProcess engine = startEngine(ClassArchives.train("engine"), freePort(), Map.of());
        List<WeftProcess> trainees = List.of(engine, agents, broker);
        trainees.forEach(WeftProcess::terminate); // all at once: each writes its archive on the way out
        for (WeftProcess p : trainees) {
            p.close();
        }
    }

    /** @param readyLine what the process logs once it is up, or null not to wait */
    private WeftProcess launch(String name, List<String> cds, String heap, Map<String, String> env, List<String> args,
                               String readyLine) {
        // Start-up time is what a restart costs; the C1 compiler and the serial collector start
        // fastest and are plenty for these loads.
        List<String> jvm = new ArrayList<>(List.of(heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
        if (name.equals("broker")) {
            // Only the broker's journal uses native code (libaio). The flag also keeps the JVM from
            // using its archived module graph, so the processes that restart most go without it.
            jvm.add("-Djava.library.path=" + System.getProperty("weft.native.dir", "target/native/lib/linux-x86_64"));
            jvm.add("--enable-native-access=ALL-UNNAMED");
        }
        jvm.addAll(cds);
        Path log = dir.resolve(String.format("%02d-%s.log", ++launches, name));
        WeftProcess p = WeftProcess.start(name, log, jvm, env, args);
        processes.add(p);
        if (readyLine != null) {
            p.awaitLine(readyLine, START_BOUND);
        }
        return p;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Kills every process this rig started that is still running, the last started first; the database is kept for a post-mortem. */
    @Override
    public void close() throws InterruptedException {
        for (WeftProcess p : processes.reversed()) {
            if (p.isAlive()) {
                p.kill();
            }
        }
    }
}
