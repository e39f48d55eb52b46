package dev.weft.agent;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log levels for a process that runs agents (or the embedded broker) without Quarkus, where
 * nothing else configures logging: the broker's and the AMQP libraries' per-frame trace logging
 * would otherwise stay on and cost more than the messages themselves.
 */
public final class StandaloneLogging {
    private StandaloneLogging() {
    }

    public static void quiet() {
        Logger.getLogger("").setLevel(Level.INFO);
        Logger.getLogger("org.apache.activemq").setLevel(Level.WARNING);
        Logger.getLogger("io.vertx").setLevel(Level.INFO);
        Logger.getLogger("proton").setLevel(Level.INFO);
    }
}
