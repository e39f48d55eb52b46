package dev.weft.agent.demo;

import java.util.concurrent.CountDownLatch;

import org.jboss.logging.Logger;

import dev.weft.agent.AgentRunner;

/**
 * Runs the demo agents as their own process, so they reach the broker like any external agent:
 * {@code DemoAgentsMain [host] [port] [agentIdPrefix]}, defaults from WEFT_AMQP_HOST (127.0.0.1),
 * WEFT_AMQP_PORT (5672) and WEFT_AGENT_ID (demo). Stops cleanly on SIGINT/SIGTERM.
 */
public final class DemoAgentsMain {

    private static final Logger LOG = Logger.getLogger(DemoAgentsMain.class);

    private DemoAgentsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        dev.weft.agent.StandaloneLogging.quiet();
        String host = arg(args, 0, "WEFT_AMQP_HOST", "127.0.0.1");
        int port = Integer.parseInt(arg(args, 1, "WEFT_AMQP_PORT", "5672"));
        String prefix = arg(args, 2, "WEFT_AGENT_ID", "demo");
        AgentRunner runner = DemoAgents.startAll(host, port, prefix);
        LOG.infof("demo agents %s serving %s via %s:%d", runner.agentId(), runner.capabilities(), host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            stopped.countDown();
        }, "weft-demo-agents-shutdown"));
        stopped.await();
    }

    private static String arg(String[] args, int index, String env, String fallback) {
        if (args.length > index && !args[index].isBlank()) {
            return args[index];
        }
        String value = System.getenv(env);
        return value != null && !value.isBlank() ? value : fallback;
    }
}
