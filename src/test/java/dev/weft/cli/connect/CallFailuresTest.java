package dev.weft.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CallFailuresTest {
    private final EngineAddress address = EngineAddress.parse("127.0.0.1:9000");

    @Test
    void noEngineAtTheAddressIsOneLineNamingItWithExitCode2() {
        var e = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /127.0.0.1:9000")).asRuntimeException();

        var f = CallFailures.of(e, address);

        assertThat(f.line()).isEqualTo("weft: cannot reach the engine at 127.0.0.1:9000 (connection refused)");
        assertThat(f.exitCode()).isEqualTo(2);
    }

    @Test
    void anAnswerOfTheEngineIsItsStatusAndMessageWithExitCode1() {
        var e = Status.NOT_FOUND.withDescription("execution_id: no execution 'x'").asRuntimeException();

        var f = CallFailures.of(e, address);

        assertThat(f.line()).isEqualTo("weft: NOT_FOUND: execution_id: no execution 'x'");
        assertThat(f.exitCode()).isEqualTo(1);
    }

    @Test
    void anAddressIsHostColonPort() {
        assertThat(EngineAddress.parse("localhost:9321")).isEqualTo(new EngineAddress("localhost", 9321));
        assertThat(EngineAddress.parse("[::1]:9000").toString()).isEqualTo("[::1]:9000");
        assertThatThrownBy(() -> EngineAddress.parse("localhost")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> EngineAddress.parse("h:99999")).hasMessageContaining("1 to 65535");
    }
}
