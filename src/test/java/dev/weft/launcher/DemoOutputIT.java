package dev.weft.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code weft demo} on a fresh data directory, as its process prints it to a pipe: the engine's
 * address, the progress in plain lines, the output and where the log went — the start-up noise is
 * in the log, not on the console.
 */
class DemoOutputIT {

    @Test
    void theDemoPrintsTheAddressTheProgressTheOutputAndTheLogPathInUnderTwentyLines() throws Exception {
        Path data = Files.createTempDirectory("weft-demo-it");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As ./weft starts it: on JDK 23+ Netty's sun.misc.Unsafe use is allowed, not warned about.
        List<String> command = new java.util.ArrayList<>(List.of(java,
                "-Djava.library.path=" + System.getProperty("weft.native.dir"), "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dweft.terminal=false"));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", System.getProperty("weft.app.jar", "target/quarkus-app/quarkus-run.jar"), "demo"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("WEFT_DATA_DIR", data.toString());
        env.put("WEFT_EMBEDDED_POSTGRES_PORT", "9325");
        env.put("WEFT_EMBEDDED_BROKER_PORT", "9326");
        env.put("QUARKUS_GRPC_SERVER_PORT", "9327");
        env.put("QUARKUS_HTTP_PORT", "9328");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_GRPC_SERVER_HOST", "127.0.0.1");
        env.remove("QUARKUS_LOG_CONSOLE_ENABLE");
        Process process = pb.start();
        ChildProcess demo = new ChildProcess(process, "demo", line -> line.startsWith("engine log: "));
        try {
            demo.ready().get(180, TimeUnit.SECONDS);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<String> lines = demo.log().lines().toList();

            assertThat(process.exitValue()).as(demo.log()).isZero();
            assertThat(lines).as(demo.log()).hasSizeLessThan(20);
            assertThat(lines.getFirst()).startsWith("engine: gRPC on 127.0.0.1:9327");
            assertThat(lines).anyMatch(l -> l.startsWith("✓ drafts ") && l.contains("3/3"))
                    .anyMatch(l -> l.equals("demo-editor approved sign_off"))
                    .anyMatch(l -> l.startsWith("output: {\"url\":") && l.contains("\"sections\":3,"));
            assertThat(lines.getLast()).isEqualTo("engine log: " + data.resolve("logs/demo.log").toAbsolutePath());
            assertThat(Files.readString(data.resolve("logs/demo.log"))).contains("Installed features");
        } finally {
            demo.stop(20);
        }
    }
}
