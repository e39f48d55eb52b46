package dev.weft.cli;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;
import dev.weft.testing.ChildProcess;
import dev.weft.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real engine for the client's integration tests: the packaged application as a process on a
 * fresh database, a broker and the demo agents in this JVM, all on 127.0.0.1 and fixed ports of
 * this checkout's range. Started once for every test class that uses it, stopped (by its own
 * handles, never by name) when the run ends.
 */
public final class EngineForCli implements BeforeAllCallback {
    static final int GRPC_PORT = 9322;
    static final int HTTP_PORT = 9323;
    static final int BROKER_PORT = 9324;
    static final String ADDRESS = "127.0.0.1:" + GRPC_PORT;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
    }

    record Running(EmbeddedBroker broker, AgentRunner agents, ChildProcess engine)
            implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            try {
                String database = TestDatabases.named("cli_it");
                recreate(database);
                EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPort(BROKER_PORT)
                        .withPersistent(false));
                AgentRunner agents = DemoAgents.startAll(broker.host(), broker.port(), "cli-it-agent");
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder pb = new ProcessBuilder(java, "-Djava.library.path=" + System.getProperty("weft.native.dir"),
                        "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                        "-jar", System.getProperty("weft.app.jar", "target/quarkus-app/quarkus-run.jar"), "serve")
                        .redirectErrorStream(true);
                Map<String, String> env = pb.environment();
                env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database);
                env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
                env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
                env.put("AMQP_HOST", broker.host());
                env.put("AMQP_PORT", String.valueOf(broker.port()));
                env.put("QUARKUS_GRPC_SERVER_PORT", String.valueOf(GRPC_PORT));
                env.put("QUARKUS_HTTP_PORT", String.valueOf(HTTP_PORT));
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("QUARKUS_GRPC_SERVER_HOST", "127.0.0.1");
                ChildProcess engine = new ChildProcess(pb.start(), "cli-it-engine", l -> l.contains("Installed features"));
                engine.ready().get(120, TimeUnit.SECONDS);
                return new Running(broker, agents, engine);
            } catch (Exception e) {
                throw new IllegalStateException("Expected an engine for the client's tests to start, but: " + e, e);
            }
        }

        private static void recreate(String name) throws java.sql.SQLException {
            try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 var st = conn.createStatement()) {
                st.execute("drop database if exists " + name + " with (force)");
                st.execute("create database " + name);
            }
        }

        @Override
        public void close() throws Exception {
            engine.stop(20);
            agents.close();
            broker.stop();
        }
    }
}
