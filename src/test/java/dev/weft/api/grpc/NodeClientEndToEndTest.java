package dev.weft.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testing.WeftTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gRPC API used from another language: the Node.js client in clients/node drives a
 * fan-out/fan-in execution and discovers the services through reflection. Node is a required
 * tool for this build, so a missing node fails the test instead of skipping it.
 */
@QuarkusTest
@QuarkusTestResource(WeftTestResources.class)
class NodeClientEndToEndTest {
    private static final Logger LOG = Logger.getLogger(NodeClientEndToEndTest.class);
    private static final Path CLIENT_DIR = Path.of("clients", "node").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installDependencies() throws Exception {
        requireOnPath("node");
        if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules"))) {
            requireOnPath("npm");
            // npm ci installs exactly what package-lock.json pins.
            Run npm = run(Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(npm.exit()).as("npm ci exit code; stderr:%n%s", npm.stderr()).isZero();
        }
    }

    @Test
    void nodeClientRunsAFanOutFanInAndSeesEveryUpdate() throws Exception {
        Run run = run(Duration.ofMinutes(2), "node", "fan-out.js", "--address", address(), "--timeout", "90");
        assertThat(run.exit()).as("fan-out.js exit code; stdout:%n%s%nstderr:%n%s", run.stdout(), run.stderr()).isZero();

        List<String> lines = run.lines();
        assertThat(JSON.readTree(lines.get(0)).path("type").asText()).isEqualTo("snapshot");
        String result = lines.get(lines.size() - 1);
        assertThat(result).startsWith("RESULT ");
        JsonNode outcome = JSON.readTree(result.substring("RESULT ".length()));
        assertThat(outcome.path("status").asText()).isEqualTo("EXECUTION_STATUS_COMPLETED");
        assertThat(outcome.path("output").path("joined").asText()).isEqualTo("HELLO-dlrow");
        assertThat(outcome.path("output").path("count").asInt()).isEqualTo(2);

        // Every step's completion reached the Node client, with the agent that did the work: in the
        // snapshot (a fast agent may finish before the watch opens) or streamed afterwards.
        List<JsonNode> completed = new ArrayList<>();
        for (JsonNode step : JSON.readTree(lines.get(0)).path("steps")) {
            if ("STEP_STATUS_COMPLETED".equals(step.path("status").asText())) {
                completed.add(step);
            }
        }
        for (String line : lines.subList(1, lines.size() - 1)) {
            JsonNode update = JSON.readTree(line);
            if ("STEP_STATUS_COMPLETED".equals(update.path("step_status").asText())) {
                completed.add(update);
            }
        }
        assertThat(completed).extracting(u -> u.path("step_id").asText())
                .containsExactlyInAnyOrder("split", "upper", "count", "reverse", "join");
        assertThat(completed).allSatisfy(u -> assertThat(u.path("agent_id").asText()).startsWith("test-agent"));
    }

    @Test
    void reflectionListsTheServicesWithoutProtoFiles() throws Exception {
        Run run = run(Duration.ofMinutes(1), "node", "reflection.js", "--address", address());
        assertThat(run.exit()).as("reflection.js exit code; stdout:%n%s%nstderr:%n%s", run.stdout(), run.stderr()).isZero();
        assertThat(run.lines()).contains(
                "weft.v1.ExecutionService", "weft.v1.WorkflowService", "weft.v1.AgentService", "  WatchExecution");
    }

    private static String address() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        return "127.0.0.1:" + port;
    }

    record Run(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /**
     * Runs a command in clients/node and logs what it printed. Output goes to files rather than
     * pipes, so a chatty process can never block on a full pipe while we wait for it.
     */
    private static Run run(Duration timeout, String... command) throws IOException, InterruptedException {
        String what = String.join(" ", command);
        Path out = Files.createTempFile("weft-node-", ".out");
        Path err = Files.createTempFile("weft-node-", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(CLIENT_DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("'%s' did not finish within %s; stdout:%n%s%nstderr:%n%s",
                        what, timeout, Files.readString(out), Files.readString(err));
            }
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            LOG.infof("'%s' exited with %d%nstdout:%n%s%nstderr:%n%s", what, run.exit(), run.stdout(), run.stderr());
            return run;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void requireOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            fail("'%s' is not on PATH (%s). This test drives the Node.js client in %s: install Node.js 18+ "
                    + "(with npm) and run again.", tool, path, CLIENT_DIR);
        }
    }
}
