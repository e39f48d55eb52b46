package dev.weft.messaging;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the broker is: the same {@code amqp-*} settings the SmallRye AMQP connector reads, so one
 * configuration serves every link the engine opens.
 */
@ApplicationScoped
public class AmqpBroker {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "amqp-host", defaultValue = "127.0.0.1")
    String host;
    @ConfigProperty(name = "amqp-port", defaultValue = "5672")
    int port;
    @ConfigProperty(name = "amqp-username")
    Optional<String> username;
    @ConfigProperty(name = "amqp-password")
    Optional<String> password;

    public AmqpClient newClient() {
        AmqpClientOptions options = new AmqpClientOptions().setHost(host).setPort(port).setReconnectAttempts(0);
        username.ifPresent(options::setUsername);
        password.ifPresent(options::setPassword);
        return AmqpClient.create(vertx, options);
    }

    public Vertx vertx() {
        return vertx;
    }

    public String describe() {
        return host + ":" + port;
    }
}
