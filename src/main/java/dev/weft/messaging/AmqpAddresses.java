package dev.weft.messaging;

import dev.weft.store.PgDeployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where messages go. Task addresses are shared by every deployment (agents may serve several);
 * the results address is this deployment's own by default, {@code weft.results.<deployment id>},
 * so two engines with different databases on one broker never take each other's results.
 * Prefixes and the results address are configurable for brokers with their own address syntax.
 */
@ApplicationScoped
public class AmqpAddresses {

    @ConfigProperty(name = "weft.amqp.task-address-prefix", defaultValue = "weft.tasks.")
    String taskPrefix;

    @ConfigProperty(name = "weft.amqp.results-address")
    Optional<String> configuredResults;

    @Inject
    PgDeployment deployment;

    public String tasks(String capability) {
        return taskPrefix + capability;
    }

    public String results() {
        return configuredResults.filter(s -> !s.isBlank())
                .orElseGet(() -> "weft.results." + deployment.id());
    }

    public String deployment() {
        return deployment.id();
    }
}
