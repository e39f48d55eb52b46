package dev.weft.fault;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.api.v1.WorkflowServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The suite's gRPC client: registers the workflow and starts executions by request id, on
 * whichever engines are up. It remembers every execution id each request id was answered with,
 * so resubmitting after a crash proves that a request id never starts a second execution.
 */
final class Workload implements AutoCloseable {
    private static final int MAX_CALLS_IN_FLIGHT = 64;

    /** One start: a request id and the workflow input {@code n}. */
    record Request(String requestId, int n) {
        static List<Request> range(String prefix, int from, int to) {
            List<Request> list = new ArrayList<>();
            for (int n = from; n < to; n++) {
                list.add(new Request(prefix + n, n));
            }
            return list;
        }
    }

    private final String workflow;
    private final Map<String, Set<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> inputs = new ConcurrentHashMap<>();
    private volatile List<ManagedChannel> channels = List.of();

    Workload(String workflow) {
        this.workflow = workflow;
    }

    /** Talks to these gRPC ports from now on (fresh channels: a restarted engine is reached at once). */
    void useEngines(List<Integer> grpcPorts) {
        List<ManagedChannel> old = channels;
        channels = grpcPorts.stream().map(p -> (ManagedChannel) ManagedChannelBuilder.forAddress("127.0.0.1", p)
                .usePlaintext().build()).toList();
        old.forEach(ManagedChannel::shutdownNow);
    }

    void register(String definition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                WorkflowServiceGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .registerWorkflow(RegisterWorkflowRequest.newBuilder().setDefinition(definition).build());
                return;
            } catch (StatusRuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /**
     * Sends each start once, spread over the engines, without waiting: the item is the requests
     * that got no answer (the engine died, the database refused), to be sent again later.
     */
    CompletableFuture<List<Request>> submitOnce(List<Request> requests) {
        List<ManagedChannel> targets = channels;
        Semaphore slots = new Semaphore(MAX_CALLS_IN_FLIGHT);
        List<Request> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            inputs.put(r.requestId(), r.n());
            slots.acquireUninterruptibly();
            CompletableFuture<Void> call = new CompletableFuture<>();
            calls.add(call);
            var stub = ExecutionServiceGrpc.newFutureStub(targets.get(i % targets.size()))
                    .withDeadlineAfter(15, TimeUnit.SECONDS);
            Futures.addCallback(stub.startExecution(StartExecutionRequest.newBuilder().setWorkflow(workflow)
                    .setRequestId(r.requestId())
                    .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(r.n()).build()))
                    .build()), new FutureCallback<StartExecutionResponse>() {
                        @Override
                        public void onSuccess(StartExecutionResponse response) {
                            answered(r, response.getExecutionId());
                            slots.release();
                            call.complete(null);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            failed.add(r);
                            slots.release();
                            call.complete(null);
                        }
                    }, MoreExecutors.directExecutor());
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> List.copyOf(failed));
    }

    /** Sends starts until each has an answer, within the bound; fails naming how many are left. */
    void submitUntilAnswered(List<Request> requests, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        List<Request> left = requests;
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(left.size() + " starts got no answer within " + bound);
            }
            left = submitOnce(left).get(bound.toSeconds() + 20, TimeUnit.SECONDS);
            if (!left.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /** Notes that a start of {@code request} was answered with {@code executionId}. */
    void answered(Request request, String executionId) {
        inputs.put(request.requestId(), request.n());
        answers.computeIfAbsent(request.requestId(), k -> ConcurrentHashMap.newKeySet()).add(executionId);
    }

    /** Request ids answered with more than one execution id: each is a start that happened twice. */
    long duplicateStarts() {
        return answers.values().stream().filter(ids -> ids.size() > 1).count();
    }

    /** Request ids sent so far (answered or not). */
    Set<String> requestIds() {
        return Set.copyOf(inputs.keySet());
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
