package dev.weft.cli.connect;

import dev.weft.api.v1.AgentServiceGrpc;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.WorkflowServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC channel to one engine with the caller's headers on every call. Requests that
 * answer at once get {@link #CALL_DEADLINE}; a watch has none, it lasts as long as the execution.
 */
public final class EngineConnection implements AutoCloseable {
    static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    private final EngineAddress address;
    private final ManagedChannel channel;
    private final EventLoopGroup loop;
    private final io.grpc.ClientInterceptor headers;

    /**
     * Plain NIO on one daemon thread: a client makes one call at a time, and loading no native
     * transport (epoll) keeps the start fast and the client native-image friendly.
     */
    public EngineConnection(EngineAddress address, Credentials credentials) {
        this.address = address;
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory("weft-cli-io", true));
        this.channel = NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext()
                .eventLoopGroup(loop).channelType(NioSocketChannel.class)
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        this.headers = MetadataUtils.newAttachHeadersInterceptor(credentials.headers());
    }

    public EngineAddress address() {
        return address;
    }

    public ExecutionServiceGrpc.ExecutionServiceBlockingStub executions() {
        return ExecutionServiceGrpc.newBlockingStub(channel).withInterceptors(headers)
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** For WatchExecution: no deadline. */
    public ExecutionServiceGrpc.ExecutionServiceBlockingStub watching() {
        return ExecutionServiceGrpc.newBlockingStub(channel).withInterceptors(headers);
    }

    public WorkflowServiceGrpc.WorkflowServiceBlockingStub workflows() {
        return WorkflowServiceGrpc.newBlockingStub(channel).withInterceptors(headers)
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    public AgentServiceGrpc.AgentServiceBlockingStub agents() {
        return AgentServiceGrpc.newBlockingStub(channel).withInterceptors(headers)
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
