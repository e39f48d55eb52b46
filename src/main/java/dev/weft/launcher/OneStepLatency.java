package dev.weft.launcher;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.engine.ExecutionState;
import dev.weft.engine.StepState;
import dev.weft.runtime.ChangeBroadcaster;
import io.grpc.ManagedChannel;
import java.time.Instant;
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

    private record Seen(ExecutionState state, Instant at) {
    }

    /**
     * Where one execution's time went, in microseconds, from the engine's own instants: the start
     * request to the start decision; the start decision to the result's decision (commit, relay,
     * broker, agent, result receiver); the result's decision to its end being seen committed here.
     */
    record Hops(Histogram toStartDecision, Histogram dispatchToResult, Histogram resultToEndSeen) {
        Hops() {
            this(new Histogram(3), new Histogram(3), new Histogram(3));
        }

        void record(Instant requested, ExecutionState end, Instant seen) {
            StepState a = end.step("a");
            toStartDecision.recordValue(Math.max(0, micros(requested, end.startedAt())));
            dispatchToResult.recordValue(Math.max(0, micros(a.startedAt(), a.endedAt())));
            resultToEndSeen.recordValue(Math.max(0, micros(a.endedAt(), seen)));
        }

        private static long micros(Instant from, Instant to) {
            return java.time.Duration.between(from, to).toNanos() / 1000;
        }
    }

    /** @return the start → end latencies in microseconds, after a warm-up of {@code n / 5} not counted */
    static Histogram measure(ManagedChannel channel, ChangeBroadcaster broadcaster, int n, Hops hops)
            throws Exception {
        WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
        var stub = ExecutionServiceGrpc.newBlockingStub(channel);
        // Keyed by execution: an end committed before the start's answer arrives is not missed.
        Map<String, CompletableFuture<Seen>> ends = new ConcurrentHashMap<>();
        Runnable unsubscribe = broadcaster.subscribeAll(change -> {
            if (change.state().isTerminal()) {
                ends.computeIfAbsent(change.state().executionId(), id -> new CompletableFuture<>())
                        .complete(new Seen(change.state(), Instant.now()));
            }
        });
        Histogram latency = new Histogram(3);
        try {
            int warmUp = Math.max(1, n / 5);
            for (int i = 0; i < warmUp + n; i++) {
                long start = System.nanoTime();
                Instant requested = Instant.now();
                String id = stub.startExecution(StartExecutionRequest.newBuilder().setWorkflow("bench-one-step")
                        .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                        .build()).getExecutionId();
                Seen end = ends.computeIfAbsent(id, x -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
                ends.remove(id);
                if (i >= warmUp) {
                    latency.recordValue((System.nanoTime() - start) / 1000);
                    hops.record(requested, end.state(), end.at());
                }
            }
        } finally {
            unsubscribe.run();
        }
        return latency;
    }
}
