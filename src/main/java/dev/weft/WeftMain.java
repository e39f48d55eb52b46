package dev.weft;

import dev.weft.launcher.EmbeddedInfrastructure;
import dev.weft.launcher.WeftApplication;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point. Before Quarkus reads its configuration, it starts an embedded PostgreSQL and
 * an embedded Artemis broker for whatever the environment does not configure, so a fresh machine
 * runs Weft with no set-up at all. Modes: {@code serve} (default), {@code demo}, {@code bench};
 * and, without an engine, {@code agents} (the demo agents, with an embedded broker or as clients of
 * an external one) and {@code broker} (only the broker), each in a process of its own.
 */
@QuarkusMain
public class WeftMain {

    public static void main(String... args) throws Exception {
        String mode = args.length > 0 ? args[0] : "serve";
        switch (mode) {
            case "agents" -> dev.weft.launcher.AgentsCommand.run(args);
            case "broker" -> dev.weft.launcher.BrokerCommand.run(args);
            default -> runEngine(args);
        }
    }

    private static void runEngine(String... args) {
        if (args.length > 0 && args[0].equals("demo")) {
            dev.weft.launcher.DemoLog.toFile();
        }
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.startWhatIsMissing();
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "weft-embedded-shutdown"));
        Quarkus.run(WeftApplication.class, (code, failure) -> {
            infrastructure.close();
            System.exit(code);
        }, args);
    }
}
