package dev.weft.launcher;

import com.google.common.util.concurrent.ListenableFuture;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.messaging.RoutingMetrics;
import io.grpc.ManagedChannel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft bench --parked N --no-agents}: N executions each waiting on its first task, which no
 * agent takes; prints the heap the engine holds per waiting execution (after a full GC, over the
 * heap before the starts). Run it against a broker in its own process ({@code weft broker}), or
 * the embedded broker's copies of the tasks count too.
 */
final class ParkedExecutions {
    static final String WORKFLOW = """
            name: bench-parked
            steps:
              - { id: wait, agent: nobody, input: { n: "{{ input.n }}" }, timeout: 1h }
              - { id: after, agent: nobody, depends_on: [wait] }
            """;

    private ParkedExecutions() {
    }

    static void measure(ManagedChannel channel, RoutingMetrics routing, int n) throws Exception {
        WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                RegisterWorkflowRequest.newBuilder().setDefinition(WORKFLOW).build());
        routing.takeInterval();
        long before = heapAfterGc();
        var stub = ExecutionServiceGrpc.newFutureStub(channel);
        List<ListenableFuture<StartExecutionResponse>> starts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            starts.add(stub.startExecution(StartExecutionRequest.newBuilder().setWorkflow("bench-parked")
                    .setInput(com.google.protobuf.Struct.newBuilder().putFields("n",
                            com.google.protobuf.Value.newBuilder().setNumberValue(i).build()))
                    .build()));
            if (starts.size() % 1000 == 0) {
                starts.getLast().get(2, TimeUnit.MINUTES); // a bounded burst: the starts queue, not the heap
            }
        }
        for (var f : starts) {
            f.get(2, TimeUnit.MINUTES);
        }
        long routed = 0;
        for (int tries = 0; tries < 600 && routed < n; tries++) {
            routed += routing.takeInterval().getTotalCount(); // every first task handed to the broker
            if (routed < n) {
                Thread.sleep(100);
            }
        }
        long after = heapAfterGc();
        System.out.printf("parked: %d executions waiting on a task (%d tasks with the broker)%n", n, routed);
        System.out.printf("heap: %d MiB before, %d MiB with them: %.1f KiB per waiting execution%n", before >> 20,
                after >> 20, (after - before) / 1024.0 / n);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
