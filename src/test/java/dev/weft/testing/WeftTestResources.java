package dev.weft.testing;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.messaging.broker.EmbeddedBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.DriverManager;
import java.util.Map;

/**
 * What every @QuarkusTest needs: its own database on the real local PostgreSQL, a real AMQP
 * 1.0 broker (embedded Artemis on a free port) and the demo agents attached to it over AMQP.
 */
public class WeftTestResources implements QuarkusTestResourceLifecycleManager {
    /** Parallel checkouts on one machine each set their own WEFT_TEST_DB. */
    public static final String DATABASE = System.getenv().getOrDefault("WEFT_TEST_DB", "weft_test");
    private static EmbeddedBroker broker;
    private static AgentRunner agents;

    @Override
    public Map<String, String> start() {
        createDatabase();
        broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withPersistent(false));
        agents = DemoAgents.startAll(broker.host(), broker.port(), "test-agent");
        return Map.of("amqp-host", broker.host(), "amqp-port", String.valueOf(broker.port()));
    }

    @Override
    public void stop() {
        if (agents != null) {
            agents.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    public static EmbeddedBroker broker() {
        return broker;
    }

    static void createDatabase() {
        try (var conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = conn.createStatement()) {
            var rs = st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                st.execute("create database " + DATABASE);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Expected PostgreSQL on 127.0.0.1:5432 (user postgres), but: "
                    + e.getMessage(), e);
        }
    }
}
