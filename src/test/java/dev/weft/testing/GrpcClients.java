package dev.weft.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/** A real gRPC channel to the service under test, as any outside client would open it. */
public final class GrpcClients {
    private GrpcClients() {
    }

    public static ManagedChannel channel() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
}
