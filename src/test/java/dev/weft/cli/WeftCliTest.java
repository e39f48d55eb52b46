package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The client's own behaviour without an engine: errors are one line and an exit code. */
class WeftCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int weft(String... args) {
        return WeftCli.execute(InstantSource.system(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** A port nobody listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableEngineIsOneLineNamingTheAddressAndExitCode2() throws IOException {
        String address = "127.0.0.1:" + closedPort();

        int code = weft("ls", "--address", address);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("weft: cannot reach the engine at " + address + " (connection refused)");
    }

    @Test
    void aBadAddressOrAnUnknownCommandIsAUsageError() {
        assertThat(weft("ls", "--address", "nowhere")).isEqualTo(2);
        assertThat(err.toString()).contains("--address: expected host:port, but got 'nowhere'");
        assertThat(weft("frobnicate")).isEqualTo(2);
    }

    @Test
    void theUsageListsEveryCommandAndTheAgentListingByItsName() {
        assertThat(weft("--help")).isZero();
        assertThat(out.toString()).contains("run", "ls", "get", "watch", "history", "cancel", "pause", "resume",
                "approve", "reject", "signal", "workflows", "ls-agents");
    }

    @Test
    void aRunOfAFileThatIsNotThereSaysSoWithExitCode2() throws IOException {
        assertThat(weft("run", "no-such.yaml", "--address", "127.0.0.1:" + closedPort())).isEqualTo(2);
        assertThat(err.toString()).contains("FILE: no such file: no-such.yaml");
    }
}
