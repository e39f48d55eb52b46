package dev.weft.launcher;

import dev.weft.agent.AgentRunner;
import dev.weft.agent.demo.DemoAgents;
import dev.weft.api.v1.ExecutionServiceGrpc;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.api.v1.StartExecutionResponse;
import dev.weft.api.v1.WorkflowServiceGrpc;
import dev.weft.engine.ExecutionStatus;
import dev.weft.messaging.RoutingMetrics;
import dev.weft.runtime.ChangeBroadcaster;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code weft bench [--executions N] [--warm-up R] [--no-agents] [--one-step N] [--parked N]
 * [--find-rate [--seconds S] [--p99-ms MS]]}:
 * N concurrent executions of a 3-step workflow against echo
 * agents (over AMQP, like any agent), all started at once through the gRPC API. Prints
 * throughput, task routing latency (step ready → broker accepted), start → completion latency
 * and heap. A warm-up round runs first and is not counted. {@code --find-rate} instead searches
 * for the highest rate of starts, spread evenly over trials of S seconds (10), at which task
 * routing p99 stays under MS milliseconds (20) and completions keep up ({@link RateSearch}).
 */
@ApplicationScoped
public class BenchmarkCommand {

    /** AGENT is echo (instant) or slow (answers after MS milliseconds, without blocking a thread). */
    static final String WORKFLOW = """
            name: bench-three-steps
            steps:
              - id: a
                agent: AGENT
                input: { n: "{{ input.n }}", ms: MS }
              - id: b
                agent: AGENT
                depends_on: [a]
                input: { n: "{{ steps.a.output.n + 1 }}", ms: MS }
              - id: c
                agent: AGENT
                depends_on: [b]
                input: { n: "{{ steps.b.output.n + 1 }}", ms: MS }
            output: { n: "{{ steps.c.output.n }}" }
            """;

    @Inject
    ChangeBroadcaster broadcaster;
    @Inject
    RoutingMetrics routing;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;
    @Inject
    LocalEndpoints endpoints;
    @Inject
    dev.weft.store.PgDatabaseStats database;

    int run(String... args) throws Exception {
        int executions = intArg(args, "--executions", 1000);
        int agentMs = intArg(args, "--agent-ms", 0);
        int rampSeconds = intArg(args, "--ramp-seconds", 0);
        String workflow = WORKFLOW.replace("AGENT", agentMs > 0 ? "slow" : "echo").replace("MS", String.valueOf(agentMs));
        ManagedChannel channel = endpoints.grpcChannel();
        boolean ownAgents = !java.util.Arrays.asList(args).contains("--no-agents");
        try (AgentRunner agents = ownAgents
                ? DemoAgents.startAll(endpoints.agentOptions("bench-agent").withPrefetch(1000)) : null) {
            int parked = intArg(args, "--parked", 0);
            if (parked > 0) {
                ParkedExecutions.measure(channel, routing, parked);
                return 0;
            }
            int oneStep = intArg(args, "--one-step", 0);
            if (oneStep > 0) {
                routing.takeInterval();
                var hops = new OneStepLatency.Hops();
                Histogram h = OneStepLatency.measure(channel, broadcaster, oneStep, hops);
                System.out.printf("one-step start -> end ms (%d executions one at a time): p50 %.2f  p95 %.2f  "
                        + "p99 %.2f  max %.2f%n", h.getTotalCount(), ms(h, 50), ms(h, 95), ms(h, 99),
                        h.getMaxValue() / 1000.0);
                Histogram send = routing.takeSendInterval();
                Histogram route = routing.takeInterval();
                System.out.printf("  where it went, p50 ms: request -> start decided %.2f; start decided -> result "
                        + "decided %.2f (of which ready -> broker accepted %.2f, the send alone %.2f); result decided "
                        + "-> end seen committed %.2f%n", ms(hops.toStartDecision(), 50),
                        ms(hops.dispatchToResult(), 50), ms(route, 50), ms(send, 50), ms(hops.resultToEndSeen(), 50));
                return 0;
            }
            WorkflowServiceGrpc.newBlockingStub(channel).registerWorkflow(
                    RegisterWorkflowRequest.newBuilder().setDefinition(workflow).build());
            // The JIT needs tens of thousands of tasks to settle (docs/performance.md): --warm-up
            // rounds of the measured size, all at once, before the measured one.
            int warmUpRounds = intArg(args, "--warm-up", 0);
            System.out.printf("warm-up: %d executions%s%n", Math.min(200, executions),
                    warmUpRounds > 0 ? ", then " + warmUpRounds + " rounds of " + executions : "");
            round(channel, Math.min(200, executions), 0);
            for (int i = 0; i < warmUpRounds; i++) {
                round(channel, executions, rampSeconds * 1_000_000_000L);
            }
            routing.takeInterval();
            if (java.util.Arrays.asList(args).contains("--find-rate")) {
                return findRate(channel, intArg(args, "--seconds", 10), intArg(args, "--p99-ms", 20));
            }
            System.out.printf("measuring: %d executions of a 3-step workflow, %s agents, started %s%n", executions,
                    agentMs > 0 ? "slow (" + agentMs + " ms)" : "echo",
                    rampSeconds > 0 ? "evenly over " + rampSeconds + " s" : "all at once");
            var dbBefore = database.settled().await().atMost(Duration.ofSeconds(30));
            long cpuBefore = processCpuNanos();
            Round r = round(channel, executions, rampSeconds * 1_000_000_000L);
            long cpu = processCpuNanos() - cpuBefore;
            var db = database.settled().await().atMost(Duration.ofSeconds(30)).since(dbBefore);
            Histogram route = routing.takeInterval();
            double seconds = r.elapsed.toNanos() / 1e9;
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf("completed executions: %d of %d in %.2f s (%d failed)%n", r.completed, executions,
                    seconds, r.failed);
            System.out.printf("executions/s: %.0f%n", r.completed / seconds);
            System.out.printf("agent tasks/s: %.0f%n", 3 * r.completed / seconds);
            System.out.printf("task routing (ready -> broker accepted) ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  (n=%d)%n",
                    ms(route, 50), ms(route, 95), ms(route, 99), route.getMaxValue() / 1000.0, route.getTotalCount());
            System.out.printf("start -> completion ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                    ms(r.latency, 50), ms(r.latency, 95), ms(r.latency, 99), r.latency.getMaxValue() / 1000.0);
            System.out.printf("peak executions in flight: %d%n", r.peakInFlight);
            System.out.printf("heap used: %d MiB (committed %d MiB, max %d MiB)%n", heap.getUsed() >> 20,
                    heap.getCommitted() >> 20, heap.getMax() >> 20);
            var commits = registry.timer("weft.store.commit");
            var batches = registry.summary("weft.store.commit.batch");
            System.out.printf("group commits: %d, mean %.1f decisions per commit, mean commit %.2f ms%n",
                    commits.count(), batches.mean(), commits.mean(TimeUnit.MILLISECONDS));
            System.out.printf("  of which waiting for a connection: mean %.2f ms%n",
                    registry.timer("weft.store.commit.wait").mean(TimeUnit.MILLISECONDS));
            perTask(db, cpu, 3L * r.completed);
            return r.completed == executions && r.failed == 0 ? 0 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * PostgreSQL's own counts per agent task (pg_stat_database, pg_stat_user_tables, the WAL
     * position) and this process's CPU per task. The counts include everything in the measured
     * interval (timer polls, sweeps, the bench's reads); the WAL is the server's.
     */
    private static void perTask(dev.weft.store.PgDatabaseStats.Snapshot db, long cpuNanos, long tasks) {
        if (tasks == 0) {
            return;
        }
        StringBuilder tables = new StringBuilder();
        db.rowsByTable().entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> tables.append(tables.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format("%.2f", e.getValue() / (double) tasks)));
        System.out.printf("postgres per task: %.3f commits, %.2f row writes, %.2f KB WAL%n", db.commits() / (double) tasks,
                db.rowsWritten() / (double) tasks, db.walBytes() / 1024.0 / tasks);
        System.out.printf("  row writes per task by table: %s%n", tables);
        System.out.printf("CPU per task: %.3f ms of this process (the engine, and what runs in it: an embedded "
                + "broker, the agents unless --no-agents)%n", cpuNanos / 1e6 / tasks);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private record Round(int completed, int failed, Duration elapsed, Histogram latency, int peakInFlight) {
    }

    /** @param rampNanos the starts are spread evenly over this long (0: all at once) */
    private Round round(ManagedChannel channel, int n, long rampNanos) throws Exception {
        Set<String> ended = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        int[] failed = {0};
        CountDownLatch done = new CountDownLatch(n);
        Runnable unsubscribe = broadcaster.subscribeAll(change -> {
            var s = change.state();
            if (s.isTerminal() && ended.add(s.executionId())) {
                inFlight.decrementAndGet();
                latency.recordValue(Duration.between(s.startedAt(), s.endedAt()).toNanos() / 1000);
                if (s.status() != ExecutionStatus.COMPLETED) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                }
                done.countDown();
            }
        });
        try {
            var stub = ExecutionServiceGrpc.newFutureStub(channel);
            long start = System.nanoTime();
            List<ListenableFuture<StartExecutionResponse>> starts = new ArrayList<>(n);
            long spacingNanos = rampNanos / n;
            for (int i = 0; i < n; i++) {
                long due = start + i * spacingNanos;
                while (System.nanoTime() < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                }
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                starts.add(stub.startExecution(StartExecutionRequest.newBuilder().setWorkflow("bench-three-steps")
                        .setInput(Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(i).build()))
                        .build()));
            }
            for (var f : starts) {
                f.get(2, TimeUnit.MINUTES);
            }
            boolean all = done.await(10, TimeUnit.MINUTES);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            int completed = (int) (n - done.getCount());
            if (!all) {
                System.out.printf("timed out: %d of %d executions did not end%n", done.getCount(), n);
            }
            return new Round(completed, failed[0], elapsed, latency, peak.get());
        } finally {
            unsubscribe.run();
        }
    }

    /** Trials of {@code seconds} each at rates chosen by {@link RateSearch}; prints each and the result. */
    private int findRate(ManagedChannel channel, int seconds, int p99Ms) {
        System.out.printf("searching for the highest sustained rate: trials of %d s, routing p99 under %d ms, "
                + "at least 90%% of the offered rate completed%n", seconds, p99Ms);
        // One trial at the first rate, not counted: the burst warm-up leaves the JIT half done for
        // a steady rate, and a first trial that fails on it would send the search the wrong way.
        try {
            round(channel, 100 * seconds, seconds * 1_000_000_000L);
            routing.takeInterval();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        RateSearch.Result result = new RateSearch(p99Ms, 0.9, 0.1, 10).search(300, 20_000, rate -> {
            int n = Math.max(1, (int) Math.round(rate / 3 * seconds));
            try {
                var commits = registry.timer("weft.store.commit");
                long commitsBefore = commits.count();
                double commitMsBefore = commits.totalTime(TimeUnit.MILLISECONDS);
                Round r = round(channel, n, seconds * 1_000_000_000L);
                Histogram send = routing.takeSendInterval();
                Histogram route = routing.takeInterval();
                var t = new RateSearch.Trial(rate, 3 * r.completed / (r.elapsed.toNanos() / 1e9), ms(route, 50),
                        ms(route, 95), ms(route, 99));
                long trialCommits = commits.count() - commitsBefore;
                System.out.printf("  offered %6.0f tasks/s: completed %6.0f tasks/s, routing ms p50 %.2f  p95 %.2f  "
                        + "p99 %.2f (of which the broker's acceptance p50 %.2f  p99 %.2f; %.2f commits per task, "
                        + "mean %.2f ms)%s%n", t.offered(), t.achieved(), t.p50Ms(), t.p95Ms(), t.p99Ms(), ms(send, 50),
                        ms(send, 99), trialCommits / (3.0 * n),
                        (commits.totalTime(TimeUnit.MILLISECONDS) - commitMsBefore) / Math.max(1, trialCommits),
                        t.passes(p99Ms, 0.9) ? "" : "  (not sustained)");
                return t;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (result.best() == null) {
            System.out.printf("sustained rate: none of the rates tried kept routing p99 under %d ms%n", p99Ms);
            return 1;
        }
        System.out.printf("sustained rate: %.0f agent tasks/s (routing p99 %.2f ms, p95 %.2f ms)%n",
                result.best().offered(), result.best().p99Ms(), result.best().p95Ms());
        return 0;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
