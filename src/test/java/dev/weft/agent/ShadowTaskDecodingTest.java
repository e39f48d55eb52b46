package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.amqp.AmqpMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A handler sees a task as shadow exactly when its message says weft-shadow: true (docs/agent-protocol.md). */
class ShadowTaskDecodingTest {
    static final String BODY = """
            {"taskId":"ex:a:1","executionId":"ex","stepId":"a","attempt":1,"capability":"echo","input":{}}""";

    @Test
    void theWeftShadowPropertyMakesTheTaskShadow() {
        assertThat(decode(new JsonObject().put(AgentProtocol.PROP_SHADOW, true)).shadow()).isTrue();
    }

    @Test
    void aTaskWithoutThePropertyIsLive() {
        assertThat(decode(new JsonObject()).shadow()).isFalse();
    }

    private static AgentTask decode(JsonObject properties) {
        AmqpMessage message = AmqpMessage.create().durable(true).id("ex:a:1")
                .contentType(AgentProtocol.CONTENT_TYPE_JSON).applicationProperties(properties)
                .withBufferAsBody(Buffer.buffer(BODY)).build();
        return ((DecodedTask.Ok) AmqpTaskCodec.decode(message)).task();
    }
}
