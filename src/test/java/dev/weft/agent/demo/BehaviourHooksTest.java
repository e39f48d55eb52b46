package dev.weft.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.weft.agent.TaskResult;
import dev.weft.agent.WireHooks.OutgoingResult;
import io.vertx.amqp.AmqpMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What each behaviour puts on the wire, and what the delivery log says about it. */
class BehaviourHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<AmqpMessage> wire = new ArrayList<>();
    private final Function<AmqpMessage, Future<Void>> accepting = m -> {
        wire.add(m);
        return Future.succeededFuture();
    };

    private static OutgoingResult result(int n) {
        String taskId = "e" + n + ":s:1";
        AmqpMessage message = AmqpMessage.create().durable(true).correlationId(taskId)
                .applicationProperties(new JsonObject().put("weft-task-id", taskId).put("weft-agent-id", "a"))
                .withBufferAsBody(Buffer.buffer("{\"taskId\":\"" + taskId + "\",\"executionId\":\"e" + n
                        + "\",\"stepId\":\"s\",\"attempt\":1,\"status\":\"completed\",\"output\":1}"))
                .build();
        return new OutgoingResult(taskId, 1, TaskResult.completed(1), message);
    }

    private List<String> logLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.substring(l.indexOf('\t') + 1)).toList();
    }

    @Test
    void normalLogsEachDeliveryAndEachResultTheBrokerAccepted() throws Exception {
        Path file = dir.resolve("agents.log");
        try (DeliveryLog log = DeliveryLog.appendingTo(file)) {
            BehaviourHooks hooks = new BehaviourHooks(AgentBehaviour.NORMAL, 1, log);
            hooks.taskReceived("e1:s:1", 1);
            hooks.sendResult(result(1), accepting);
            hooks.taskReceived("e2:s:1", 1);
            hooks.sendResult(result(2), m -> Future.failedFuture("refused"));
        }
        assertThat(wire).hasSize(1);
        assertThat(logLines(file)).containsExactly("received\te1:s:1\t1", "sent\te1:s:1\t1\tcompleted",
                "received\te2:s:1\t1");
    }

    @Test
    void doubleSendsEveryResultTwiceAndLogsBoth() throws Exception {
        Path file = dir.resolve("double.log");
        try (DeliveryLog log = DeliveryLog.appendingTo(file)) {
            new BehaviourHooks(AgentBehaviour.DOUBLE, 1, log).sendResult(result(1), accepting);
        }
        assertThat(wire).hasSize(2).allSatisfy(m -> assertThat(m.correlationId()).isEqualTo("e1:s:1"));
        assertThat(logLines(file)).containsExactly("sent\te1:s:1\t1\tcompleted", "sent\te1:s:1\t1\tcompleted");
    }

    @Test
    void garbageSpoilsEveryNthResultAlternatingAnUnreadableBodyAndAnUnknownStatus() throws Exception {
        Path file = dir.resolve("garbage.log");
        try (DeliveryLog log = DeliveryLog.appendingTo(file)) {
            BehaviourHooks hooks = new BehaviourHooks(AgentBehaviour.GARBAGE, 2, log);
            for (int n = 1; n <= 4; n++) {
                hooks.sendResult(result(n), accepting);
            }
        }
        assertThat(wire).hasSize(4);
        assertThat(body(wire.get(0)).path("status").asText()).isEqualTo("completed");
        String unreadable = wire.get(1).bodyAsBinary().toString(StandardCharsets.UTF_8);
        assertThat(unreadable).startsWith("{\"taskId\":\"e2:s:1\"");
        assertThat(isJson(unreadable)).isFalse();
        assertThat(body(wire.get(3)).path("status").asText()).isEqualTo("finished-probably");
        assertThat(body(wire.get(3)).path("taskId").asText()).isEqualTo("e4:s:1");
        // Whatever the body, the properties still name the task: an engine can tell whose answer it was.
        assertThat(wire).extracting(m -> m.applicationProperties().getString("weft-task-id"))
                .containsExactly("e1:s:1", "e2:s:1", "e3:s:1", "e4:s:1");
        assertThat(logLines(file)).containsExactly("sent\te1:s:1\t1\tcompleted", "sent\te2:s:1\t1\tgarbage-body",
                "sent\te3:s:1\t1\tcompleted", "sent\te4:s:1\t1\tgarbage-status");
    }

    private static JsonNode body(AmqpMessage m) throws IOException {
        return JSON.readTree(m.bodyAsBinary().getBytes());
    }

    private static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
