package dev.weft.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Runs tasks arriving on one connection's receivers. The ordering of the last two steps is the
 * at-least-once guarantee: the result must be accepted by the broker before the task is accepted,
 * so a crash (or a failed result send) in between leaves the task unsettled and it is redelivered.
 *
 * <p>Flow control: each receiver starts with demand = prefetch and gets one more unit of demand
 * only when a task is settled, so at most {@code prefetch} handler invocations run per capability.
 */
final class TaskDispatcher {

    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class);
    /** Marks "the deadline fired first" without confusing it with a handler's own TimeoutException. */
    private static final Object DEADLINE_PASSED = new Object();

    private final Vertx vertx;
    private final AgentOptions options;
    private final ResultSenders results;
    private final WireHooks hooks;
    private final List<AmqpReceiver> receivers = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile CompletableFuture<Void> idle;

    TaskDispatcher(Vertx vertx, AgentOptions options, ResultSenders results, WireHooks hooks) {
        this.vertx = vertx;
        this.options = options;
        this.results = results;
        this.hooks = hooks;
    }

    void consume(AmqpReceiver receiver, AgentHandler handler) {
        receivers.add(receiver);
        receiver.pause(); // no deliveries to the handler until demand is granted below
        receiver.handler(message -> onMessage(receiver, handler, message, Vertx.currentContext()));
        receiver.fetch(options.prefetch());
    }

    /** Stops taking new tasks and waits (up to {@code grace}) for those in flight to be settled. */
    void drain(Duration grace) {
        draining = true;
        receivers.forEach(AmqpReceiver::pause);
        CompletableFuture<Void> done = new CompletableFuture<>();
        idle = done;
        if (inFlight.get() == 0) {
            done.complete(null);
        }
        try {
            done.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warnf("%d task(s) still running after %s; the broker will redeliver them", inFlight.get(), grace);
        }
    }

    private void onMessage(AmqpReceiver receiver, AgentHandler handler, AmqpMessage message, Context ctx) {
        inFlight.incrementAndGet();
        switch (AmqpTaskCodec.decode(message)) {
            case DecodedTask.Ok ok -> {
                TaskRef ref = TaskRef.of(ok.task(), AmqpTaskCodec.deployment(message));
                hooks.taskReceived(ok.task().taskId(), ok.task().attempt());
                if (AmqpTaskCodec.wantsStartNotice(message)) {
                    // Best effort: a lost notice lets the queue timeout fail the attempt, which is retried.
                    String replyTo = message.replyTo() != null ? message.replyTo() : AgentProtocol.RESULTS_ADDRESS;
                    results.sendWithAck(replyTo, AmqpTaskCodec.encodeStarted(ref, options.agentId()))
                            .onFailure(e -> LOG.debugf("start notice of %s not sent: %s", ref.taskId(), e.getMessage()));
                }
                run(handler, ok.task()).whenComplete((result, err) -> onContext(ctx, () ->
                        reply(receiver, message, ref, result != null ? result
                                : TaskResult.failed(AgentProtocol.ERROR_AGENT, String.valueOf(err), true), ctx)));
            }
            case DecodedTask.Bad bad when bad.ref() != null -> {
                hooks.taskReceived(bad.ref().taskId(), bad.ref().attempt());
                LOG.warnf("bad task %s: %s", bad.ref().taskId(), bad.reason());
                reply(receiver, message, bad.ref(), TaskResult.failed(AgentProtocol.ERROR_BAD_TASK, bad.reason(), false), ctx);
            }
            case DecodedTask.Bad bad -> {
                // Nobody to answer: the rejected outcome sends it to the broker's dead-letter queue.
                LOG.warnf("rejecting unidentifiable task message: %s", bad.reason());
                settle(receiver, () -> message.rejected());
            }
        }
    }

    private CompletableFuture<TaskResult> run(AgentHandler handler, AgentTask task) {
        Instant deadline = task.deadline();
        if (deadline != null && !deadline.isAfter(Instant.now())) {
            return CompletableFuture.completedFuture(TaskResult.failed(AgentProtocol.ERROR_DEADLINE,
                    "deadline " + deadline + " passed before the task started", true));
        }
        CompletableFuture<Object> output = new CompletableFuture<>();
        try {
            handler.handle(task).whenComplete((value, err) -> {
                if (err != null) {
                    output.completeExceptionally(err);
                } else {
                    output.complete(value);
                }
            });
        } catch (Throwable t) { // a handler that throws instead of failing its future
            output.completeExceptionally(t);
        }
        if (deadline != null) {
            output.completeOnTimeout(DEADLINE_PASSED, Duration.between(Instant.now(), deadline).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return output.handle((value, err) -> toResult(task, value, err));
    }

    private static TaskResult toResult(AgentTask task, Object value, Throwable err) {
        if (err == null) {
            return value == DEADLINE_PASSED
                    ? TaskResult.failed(AgentProtocol.ERROR_DEADLINE, "deadline " + task.deadline() + " passed", true)
                    : TaskResult.completed(value);
        }
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof TaskException te) {
            return TaskResult.failed(te.type(), te.getMessage(), te.retryable());
        }
        LOG.debugf(cause, "handler failed for task %s", task.taskId());
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return TaskResult.failed(AgentProtocol.ERROR_AGENT, message, true);
    }

    private void reply(AmqpReceiver receiver, AmqpMessage task, TaskRef ref, TaskResult result, Context ctx) {
        String replyTo = task.replyTo() != null ? task.replyTo() : AgentProtocol.RESULTS_ADDRESS;
        TaskResult sent = result;
        AmqpMessage message;
        try {
            message = AmqpTaskCodec.encodeResult(ref, options.agentId(), sent);
        } catch (RuntimeException e) { // e.g. an output Jackson cannot serialise
            sent = TaskResult.failed(AgentProtocol.ERROR_AGENT, "output is not serialisable as JSON: " + e.getMessage(),
                    false);
            message = AmqpTaskCodec.encodeResult(ref, options.agentId(), sent);
        }
        Future<Void> accepted;
        try {
            accepted = hooks.sendResult(new WireHooks.OutgoingResult(ref.taskId(), ref.attempt(), sent, message),
                    m -> results.sendWithAck(replyTo, m));
        } catch (RuntimeException e) { // a hook that throws must not leave the task unsettled for good
            accepted = Future.failedFuture(e);
        }
        accepted.onComplete(ar -> onContext(ctx, () -> {
            if (ar.succeeded()) {
                settle(receiver, () -> task.accepted());
                return;
            }
            LOG.warnf("result for %s not accepted by the broker (%s); handing the task back in %s",
                    ref.taskId(), ar.cause().getMessage(), options.retryBackoff());
            // Not accepting the task is what makes it come back; the pause keeps a broken results
            // path from turning into a hot redelivery loop.
            vertx.setTimer(Math.max(1, options.retryBackoff().toMillis()), id -> onContext(ctx, () ->
                    settle(receiver, () -> task.modified(true, false))));
        }));
    }

    /** Applies a disposition, then frees one unit of demand (unless shutting down). */
    private void settle(AmqpReceiver receiver, Runnable disposition) {
        try {
            disposition.run();
        } catch (RuntimeException e) { // link already gone: the broker redelivers on its own
            LOG.debugf(e, "could not settle a task delivery");
        }
        int left = inFlight.decrementAndGet();
        if (!draining) {
            receiver.fetch(1);
        }
        CompletableFuture<Void> waiting = idle;
        if (left == 0 && waiting != null) {
            waiting.complete(null);
        }
    }

    /** Proton objects are not thread-safe: every disposition happens on the connection's context. */
    private static void onContext(Context ctx, Runnable action) {
        if (Vertx.currentContext() == ctx) {
            action.run();
        } else {
            ctx.runOnContext(v -> action.run());
        }
    }
}
