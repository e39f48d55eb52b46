package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a person sees: {@code ./weft run} typed into a real terminal (tmux, 120x40) against a running
 * engine with agents, the screen read back as it is drawn. The tmux server has a socket of its own
 * and is stopped by it at the end; the screen is polled against a deadline, never slept on.
 */
@ExtendWith(EngineForCli.class)
class CliTerminalIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final java.util.regex.Pattern EXITED = java.util.regex.Pattern.compile("exit-code:\\d");
    private final String socket = "weft-cli-it-" + ProcessHandle.current().pid();

    @AfterEach
    void stopTmux() throws Exception {
        tmux("kill-server");
    }

    @Test
    void theBoardRedrawnInPlaceEndsWithEveryStepsFinalSymbolTheOutputAndExitCodeZero() throws Exception {
        // CI installs tmux (.ci/run) and must not skip; elsewhere a machine without it skips.
        if (System.getenv("CI") != null && !hasTmux()) {
            throw new AssertionError("tmux is required on CI (.ci/run installs it), but it is not installed");
        }
        assumeTrue(hasTmux(), "tmux is not installed");
        Path workflow = Path.of(CliTerminalIT.class.getResource("count-words.yaml").toURI());
        tmux("new-session", "-d", "-x", "120", "-y", "40", "bash --norc --noprofile");
        tmux("send-keys", "WEFT_NO_BUILD=1 WEFT_ADDRESS=" + EngineForCli.ADDRESS + " ./weft run " + workflow
                + " --input '{\"text\":\"alpha beta gamma delta\",\"ms\":400}'; echo exit-code:$?", "Enter");

        // The typed line says "exit-code:$?"; only the shell's echo puts a digit after the colon.
        String running = awaitScreen(s -> s.contains("● each") || EXITED.matcher(s).find());
        String done = awaitScreen(s -> EXITED.matcher(s).find());

        assertThat(running).as("a live board while the foreach runs").contains("[");
        List<String> lines = done.lines().map(String::stripTrailing).toList();
        assertThat(lines).anyMatch(l -> l.matches("✓ [0-9a-f-]{36}  cli-count-words v\\d+  completed  .*"))
                .anyMatch(l -> l.startsWith("✓ split "))
                .anyMatch(l -> l.startsWith("✓ each ") && l.contains("[██████████] 4/4"))
                .anyMatch(l -> l.startsWith("✓ total "))
                .contains("exit-code:0");
        assertThat(done).containsPattern("output: \\{(\"words\":4,\"first\":\"alpha\"|\"first\":\"alpha\",\"words\":4)}");
        // Redrawn in place: the board is on the screen once, not once per update.
        assertThat(lines.stream().filter(l -> l.startsWith("✓ split ") || l.startsWith("● split ")
                || l.startsWith("○ split "))).hasSize(1);
        assertThat(done).doesNotContain("Exception").doesNotContain("SLF4J").doesNotContain("WARNING");
    }

    private String awaitScreen(java.util.function.Predicate<String> seen) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p");
            if (seen.test(screen)) {
                return screen;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("not on the screen within " + DEADLINE + ":\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 4];
        command[0] = "tmux";
        command[1] = "-u";
        command[2] = "-L";
        command[3] = socket;
        System.arraycopy(args, 0, command, 4, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("TMUX");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " did not answer");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean hasTmux() {
        return Files.isExecutable(Path.of("/usr/bin/tmux")) || Files.isExecutable(Path.of("/usr/local/bin/tmux"));
    }
}
