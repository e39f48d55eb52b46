package dev.weft.launcher;

import dev.weft.agent.AgentOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The demo and the benchmark talk to this engine like outsiders: over gRPC and AMQP. */
@ApplicationScoped
public class LocalEndpoints {

    @ConfigProperty(name = "amqp-host")
    String amqpHost;
    @ConfigProperty(name = "amqp-port")
    int amqpPort;
    @ConfigProperty(name = "quarkus.grpc.server.port")
    int grpcPort;

    /** Where clients reach this engine's gRPC API (grpcurl -plaintext ADDRESS list). */
    String grpcAddress() {
        return "127.0.0.1:" + grpcPort;
    }

    ManagedChannel grpcChannel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    AgentOptions agentOptions(String agentId) {
        return AgentOptions.of(amqpHost, amqpPort, agentId);
    }

    String broker() {
        return amqpHost + ":" + amqpPort;
    }
}
