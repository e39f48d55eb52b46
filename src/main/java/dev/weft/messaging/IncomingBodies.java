package dev.weft.messaging;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The AMQP connector hands bodies over as whatever the section held; all we want is the text. */
final class IncomingBodies {
    private IncomingBodies() {
    }

    static String text(Object payload) {
        return switch (payload) {
            case null -> null;
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case Buffer b -> b.toString(StandardCharsets.UTF_8);
            case io.vertx.mutiny.core.buffer.Buffer b -> b.toString(StandardCharsets.UTF_8);
            case JsonObject j -> j.encode();
            case JsonArray j -> j.encode();
            case Map<?, ?> m -> new JsonObject((Map<String, Object>) m).encode();
            default -> String.valueOf(payload);
        };
    }
}
