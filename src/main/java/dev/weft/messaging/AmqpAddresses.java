package dev.weft.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where messages go; prefixes are configurable for brokers with their own address syntax. */
@ApplicationScoped
public class AmqpAddresses {

    @ConfigProperty(name = "weft.amqp.task-address-prefix", defaultValue = "weft.tasks.")
    String taskPrefix;

    @ConfigProperty(name = "weft.amqp.results-address", defaultValue = "weft.results")
    String results;

    public String tasks(String capability) {
        return taskPrefix + capability;
    }

    public String results() {
        return results;
    }
}
