package dev.weft;

import dev.weft.launcher.EmbeddedInfrastructure;
import dev.weft.launcher.WeftApplication;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point. Before Quarkus reads its configuration, it starts an embedded PostgreSQL and
 * an embedded Artemis broker for whatever the environment does not configure, so a fresh machine
 * runs Weft with no set-up at all. Modes: {@code serve} (default), {@code demo}, {@code bench},
 * and {@code agents} (an embedded broker with the demo agents, in a process of their own).
 */
@QuarkusMain
public class WeftMain {

    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("agents")) {
            dev.weft.launcher.AgentsCommand.run(args); // broker and demo agents only, no engine
            return;
        }
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.startWhatIsMissing();
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "weft-embedded-shutdown"));
        Quarkus.run(WeftApplication.class, (code, failure) -> {
            infrastructure.close();
            System.exit(code);
        }, args);
    }
}
