package dev.weft.simulation;

import dev.weft.agent.AgentProtocol;
import dev.weft.messaging.TaskMessage;
import dev.weft.store.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Agents for capability {@code w}, as the protocol has them (docs/agent-protocol.md §5): run the
 * task, send the result to its reply-to, and only once the broker accepted the result accept the
 * task. Hostile while the world is not calm: they fail, crash after receiving a task, answer
 * twice, answer late, or answer garbage. They keep their own log of what they received and which
 * results the broker accepted, the evidence the invariants hold against the engine.
 */
final class SimAgents {
    static final String CAPABILITY = "w";
    static final String TASKS = "weft.tasks." + CAPABILITY;

    /** How hostile the agents of a seed are, in percent per task. */
    record Behaviour(int failPercent, int fatalPercent, int garbagePercent, int duplicatePercent,
                     int crashPercent, int latePercent) {
    }

    private final SimWorld world;
    private final SimBroker broker;
    private final SimFaults faults;
    private final Behaviour behaviour;
    private final int credit;
    private final String tenant;
    private int generation;
    /** Task id → how often an agent received it. */
    final Map<String, Integer> received = new LinkedHashMap<>();
    /** Task id → result messages of it the broker accepted. */
    final Map<String, Integer> resultsAccepted = new LinkedHashMap<>();
    /** Garbage results that name no task at all, accepted by the broker. */
    int anonymousResultsAccepted;
    int crashes;

    SimAgents(SimWorld world, SimBroker broker, SimFaults faults, String tenant) {
        this.world = world;
        this.broker = broker;
        this.faults = faults;
        this.tenant = tenant;
        this.credit = 1 + world.random.nextInt(4);
        this.behaviour = new Behaviour(pick(0, 5, 20), pick(0, 0, 3), pick(0, 0, 3, 10), pick(0, 5, 20),
                pick(0, 0, 3, 10), pick(0, 0, 5));
    }

    private int pick(int... choices) {
        return choices[world.random.nextInt(choices.length)];
    }

    /** Starts {@code count} agent processes. */
    void start(int count) {
        for (int i = 0; i < count; i++) {
            startOne();
        }
    }

    private void startOne() {
        SimWorld.Process process = new SimWorld.Process("agent-" + (++generation));
        attach(process);
    }

    private void attach(SimWorld.Process process) {
        if (!process.alive()) {
            return;
        }
        SimBroker.Receiver r = broker.attach(process, TASKS, credit, d -> onTask(process, d));
        if (r == null) {
            world.after(process, 1000, () -> attach(process));
            return;
        }
        watch(process, r);
    }

    /** Reconnects once the link is gone (the broker went down), as a real agent does. */
    private void watch(SimWorld.Process process, SimBroker.Receiver r) {
        world.after(process, 1000, () -> {
            if (r.isOpen()) {
                watch(process, r);
            } else {
                attach(process);
            }
        });
    }

    private void onTask(SimWorld.Process process, SimBroker.Delivery d) {
        TaskMessage task = Json.read(d.message().body, TaskMessage.class);
        received.merge(task.taskId(), 1, Integer::sum);
        boolean calm = faults.calm();
        if (!calm && world.chance(behaviour.crashPercent())) {
            crash(process);
            return;
        }
        if (task.queueDeadline() != null && (calm || !world.chance(10))) {
            // The start notice a task with a queue deadline asks for; now and then it is lost.
            SimBroker.Message notice = broker.message(Json.write(Map.of("taskId", task.taskId(),
                    "executionId", task.executionId(), "stepId", task.stepId(), "attempt", task.attempt(),
                    "agentId", "sim-agent", "status", "started")), notice(properties(task, tenant, deployment(d))), null);
            broker.send(process, d.message().replyTo, notice).subscribe().with(ok -> { }, x -> { });
        }
        long deadlineIn = task.deadline().toEpochMilli() - world.millis();
        // Late means past a deadline of seconds; an hour-long one is never waited out in the simulation.
        boolean late = !calm && deadlineIn < 30_000 && world.chance(behaviour.latePercent());
        long work = late ? deadlineIn + 1 + world.random.nextInt(3000) : world.random.nextInt(calm ? 200 : 2000);
        world.after(process, work, () -> answer(process, d, task, calm));
    }

    private void crash(SimWorld.Process process) {
        crashes++;
        process.kill();
        broker.disconnect(process);
        world.after(world.world, 200 + world.random.nextInt(3000), this::startOne);
    }

    private void answer(SimWorld.Process process, SimBroker.Delivery d, TaskMessage task, boolean calm) {
        String outcome = calm ? "completed" : outcome();
        SimBroker.Message result = switch (outcome) {
            case "garbage" -> garbage(task, deployment(d));
            default -> result(task, outcome, deployment(d));
        };
        boolean twice = !calm && world.chance(behaviour.duplicatePercent());
        send(process, d, task, result, twice);
    }

    private static String deployment(SimBroker.Delivery d) {
        Object value = d.message().properties.get(AgentProtocol.PROP_DEPLOYMENT);
        return value == null ? null : value.toString();
    }

    private String outcome() {
        int roll = world.random.nextInt(100);
        if (roll < behaviour.garbagePercent()) {
            return "garbage";
        }
        roll = world.random.nextInt(100);
        return roll < behaviour.fatalPercent() ? "fatal" : roll < behaviour.fatalPercent() + behaviour.failPercent()
                ? "failed" : "completed";
    }

    private void send(SimWorld.Process process, SimBroker.Delivery d, TaskMessage task, SimBroker.Message result,
                      boolean twice) {
        String replyTo = d.message().replyTo;
        boolean[] answered = {false};
        // An acceptance that never comes means the connection died under it: the agent reconnects,
        // and the broker hands the unsettled task out again.
        world.after(process, 10_000, () -> {
            if (!answered[0] && d.receiver().isOpen()) {
                broker.disconnect(process);
                world.after(process, 1000, () -> attach(process));
            }
        });
        broker.send(process, replyTo, result).subscribe().with(ok -> {
            answered[0] = true;
            count(result);
            if (twice) {
                SimBroker.Message again = broker.message(result.body, result.bodyBytes, result.properties, null);
                broker.send(process, replyTo, again).subscribe().with(x -> count(again), x -> { });
            }
            broker.settle(d, true);
        }, failure -> {
            answered[0] = true;
            world.after(process, 1000, () -> broker.settle(d, false));
        });
    }

    private void count(SimBroker.Message result) {
        Object taskId = result.properties.get(AgentProtocol.PROP_TASK_ID);
        if (taskId == null) {
            anonymousResultsAccepted++;
        } else {
            resultsAccepted.merge(taskId.toString(), 1, Integer::sum);
        }
    }

    private SimBroker.Message result(TaskMessage task, String outcome, String deployment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", task.taskId());
        body.put("executionId", task.executionId());
        body.put("stepId", task.stepId());
        body.put("attempt", task.attempt());
        body.put("agentId", "sim-agent");
        switch (outcome) {
            case "completed" -> {
                body.put("status", "completed");
                body.put("output", Map.of("v", (long) task.attempt()));
            }
            case "failed" -> {
                body.put("status", "failed");
                body.put("error", Map.of("type", "flaky", "message", "try again", "retryable", true));
            }
            default -> {
                body.put("status", "failed");
                body.put("error", Map.of("type", "fatal", "message", "cannot", "retryable", false));
            }
        }
        return broker.message(Json.write(body), properties(task, tenant, deployment), null);
    }

    /** A buggy agent's answers: each names its task, except the last kind, which names nothing. */
    private SimBroker.Message garbage(TaskMessage task, String deployment) {
        int kind = world.random.nextInt(5);
        boolean shortDeadline = task.deadline().toEpochMilli() - world.millis() < 15_000;
        return switch (kind) {
            case 0 -> broker.message("{not json", properties(task, tenant, deployment), null);
            case 1 -> broker.message(Json.write(Map.of("taskId", task.taskId(), "executionId", task.executionId(),
                    "stepId", task.stepId(), "attempt", task.attempt(), "status", "done")),
                    properties(task, tenant, deployment), null);
            case 2 -> broker.message(result(task, "completed", deployment).body, properties(task, "intruder", deployment), null);
            case 3 -> broker.message("x".repeat(100), 1 << 22, properties(task, tenant, deployment), null);
            default -> shortDeadline
                    // Nothing identifies the task: only its deadline can end this attempt.
                    ? broker.message("{not json either", Map.of(), null)
                    : broker.message("{not json", properties(task, tenant, deployment), null);
        };
    }

    /** Marks a start notice, which is not a result: it leaves no trace when it comes too late. */
    static final String NOTICE = "sim-notice";

    private static Map<String, Object> notice(Map<String, Object> properties) {
        properties.put(NOTICE, true);
        return properties;
    }

    private static Map<String, Object> properties(TaskMessage task, String tenant, String deployment) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(AgentProtocol.PROP_TASK_ID, task.taskId());
        p.put(AgentProtocol.PROP_AGENT_ID, "sim-agent");
        p.put(AgentProtocol.PROP_TENANT, tenant);
        p.put("correlation-id", task.taskId());
        if (deployment != null) {
            p.put(AgentProtocol.PROP_DEPLOYMENT, deployment);
        }
        return p;
    }
}
