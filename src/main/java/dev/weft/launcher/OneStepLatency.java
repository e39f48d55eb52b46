package dev.weft.launcher;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.runtime.ChangeBroadcaster;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code weft bench --one-step N}: N executions of a one-step workflow, one at a time, each started
 * through the gRPC API and timed until its end is committed: the latency one task costs when
 * nothing else runs (start, dispatch, the echo agent's round trip over AMQP, the result's commit).
 */
final class OneStepLatency {
    static final String WORKFLOW = """
            name: bench-one-step
            steps:
              - { id: a, agent: echo, input: { n: "{{ input.n }}" } }
            output: { n: "{{ steps.a.output.n }}" }
            """;

    private OneStepLatency() {
    }

    /** @return the start → end latencies in microseconds, after a warm-up of {@code n / 5} not counted */
    static Histogram measure(ManagedChannel channel, ChangeBroadcaster broadcaster, int n) throws Exception {
        WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
        var stub = ExecutionServiceGrpc.newBlockingStub(channel);
        // Keyed by execution: an end committed before the start's answer arrives is not missed.
        Map<String, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();
        Runnable unsubscribe = broadcaster.subscribeAll(change -> {
            if (change.state().isTerminal()) {
                ends.computeIfAbsent(change.state().executionId(), id -> new CompletableFuture<>()).complete(null);
            }
        });
        Histogram latency = new Histogram(3);
        try {
            int warmUp = Math.max(1, n / 5);
            for (int i = 0; i < warmUp + n; i++) {
                long start = System.nanoTime();
                String id = stub.startExecution(StartExecutionRequest.newBuilder().setWorkflow("bench-one-step")
                        .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                        .build()).getExecutionId();
                ends.computeIfAbsent(id, x -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
                ends.remove(id);
                if (i >= warmUp) {
                    latency.recordValue((System.nanoTime() - start) / 1000);
                }
            }
        } finally {
            unsubscribe.run();
        }
        return latency;
    }
}
