package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.weft.api.v1.RegisterWorkflowRequest;
import dev.weft.api.v1.StartExecutionRequest;
import dev.weft.testing.WeftClient;
import dev.weft.testing.WeftTestResources;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One limit story over a real channel: a start input and a definition may have 1 MiB each, checked
 * by the service with the field named; a request beyond 1 MiB + 64 KiB is refused by the transport
 * before it is read, with the request limit in the message.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class RequestSizeLimitTest {
    private static final int MIB = 1 << 20;
    private static final int REQUEST_LIMIT = MIB + 64 * 1024;

    final WeftClient client = new WeftClient();

    @BeforeEach
    void register() {
        client.register("""
                name: sized
                steps:
                  - { id: a, agent: echo, input: { v: 1 } }
                """);
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void anInputOfExactlyOneMebibyteIsAccepted() {
        var started = client.executions().startExecution(start(inputOfSize(MIB)));
        assertThat(started.getCreated()).isTrue();
    }

    @Test
    void anInputOneByteOverOneMebibyteIsInvalidNamingInputAndBothSizes() {
        assertThatThrownBy(() -> client.executions().startExecution(start(inputOfSize(MIB + 1))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("input:")
                            .contains(String.valueOf(MIB)).contains(String.valueOf(MIB + 1));
                });
    }

    @Test
    void aDefinitionOverOneMebibyteIsInvalidNamingDefinitionAndBothSizes() {
        String definition = definitionOfSize(MIB + 1, "x");
        assertThatThrownBy(() -> client.workflows().registerWorkflow(register(definition)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("definition:")
                            .contains(String.valueOf(MIB)).contains(String.valueOf(MIB + 1));
                });
    }

    @Test
    void aDefinitionIsMeasuredInBytesNotCharacters() {
        // Two bytes per character: half a million characters, but more than 1 MiB on the wire.
        String definition = definitionOfSize(MIB + 2, "é");
        assertThat(definition.length()).isLessThan(MIB);
        assertThatThrownBy(() -> client.workflows().registerWorkflow(register(definition)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("definition:")
                            .contains(String.valueOf(MIB + 2)).contains("bytes");
                });
    }

    @Test
    void aRequestOverTheTransportCapIsRefusedNamingTheRequestLimit() {
        for (int size : new int[] {MIB + 128 * 1024, 8 * MIB}) {
            assertThatThrownBy(() -> client.executions().startExecution(start(inputOfSize(size))))
                    .as("an input of %d bytes", size)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).contains("maximum size " + REQUEST_LIMIT);
                    });
        }
    }

    private static StartExecutionRequest start(Struct input) {
        return StartExecutionRequest.newBuilder().setWorkflow("sized").setInput(input).build();
    }

    private static RegisterWorkflowRequest register(String definition) {
        return RegisterWorkflowRequest.newBuilder().setDefinition(definition).build();
    }

    /** A Struct whose serialized size is exactly {@code bytes}: one string field, padded to fit. */
    private static Struct inputOfSize(int bytes) {
        int padding = bytes;
        for (int i = 0; i < 4; i++) {
            int size = struct(padding).getSerializedSize();
            if (size == bytes) {
                return struct(padding);
            }
            padding += bytes - size;
        }
        throw new IllegalStateException("no padding gives " + bytes + " bytes");
    }

    private static Struct struct(int padding) {
        return Struct.newBuilder().putFields("text", Value.newBuilder().setStringValue("x".repeat(padding)).build())
                .build();
    }

    /** A valid definition of exactly {@code bytes} UTF-8 bytes, padded with a comment of {@code filler}. */
    private static String definitionOfSize(int bytes, String filler) {
        String head = "name: sized-definition\nsteps:\n  - { id: a, agent: echo }\n# ";
        int room = bytes - head.getBytes(StandardCharsets.UTF_8).length;
        int per = filler.getBytes(StandardCharsets.UTF_8).length;
        String text = head + filler.repeat(room / per) + "y".repeat(room % per);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return text;
    }
}
