package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.Eventually;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real client against a real engine with agents: each command as a person or a script uses it. */
@ExtendWith(EngineForCli.class)
class CliAgainstEngineIT {
    private static final Pattern STARTED = Pattern.compile("started ([0-9a-f-]{36})");
    private static final Pattern EXECUTION_ID = Pattern.compile("\"executionId\": \"([0-9a-f-]{36})\"");

    /** What one command printed and how it ended. */
    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void plainOutput() {
        System.setProperty("weft.terminal", "false");
    }

    static Result weft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--address";
        all[args.length + 1] = EngineForCli.ADDRESS;
        int code = WeftCli.execute(InstantSource.system(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }

    static String file(String name) {
        try {
            return Path.of(CliAgainstEngineIT.class.getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String id(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("an execution id in:%n%s", text).isTrue();
        return m.group(1);
    }

    @Test
    void runShowsEachStepEndingAndTheOutputWithWholeNumbersAndExitsZero() {
        Result r = weft("run", file("count-words.yaml"), "--input", "{\"text\":\"one two three\",\"ms\":50}");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("registered cli-count-words v").contains("✓ split")
                .contains("✓ each[2]").containsPattern("✓ each +completed +\\[██████████] 3/3")
                .contains("✓ total");
        assertThat(r.out().lines().toList().getLast()).startsWith("output: {").contains("\"words\":3")
                .contains("\"first\":\"one\"");

        String id = id(STARTED, r.out());
        Result ls = weft("ls", "--workflow", "cli-count-words", "--status", "completed", "--since", "1h");
        assertThat(ls.out()).startsWith("EXECUTION").contains(id + "  cli-count-words  v");

        Result get = weft("get", id);
        assertThat(get.out()).contains("completed").contains("✓   each[0]").contains("output: {").contains("\"words\":3");

        Result history = weft("history", id);
        assertThat(history.out().lines().findFirst()).get().asString().startsWith("SEQ  TIME          EVENT")
                .contains("STEP", "TRY", "DETAILS");
        assertThat(history.out()).contains("ExecutionStarted").contains("ItemsExpanded").contains("ExecutionCompleted");
    }

    @Test
    void everyCommandSpeaksJsonForScripts() {
        Result run = weft("run", file("count-words.yaml"), "--input", "{\"text\":\"a b\",\"ms\":10}", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{\"sequence\":").contains("\"snapshot\":").contains("EXECUTION_STATUS_COMPLETED");
        String id = id(Pattern.compile("\"executionId\":\"([0-9a-f-]{36})\""), run.out());

        assertThat(weft("get", id, "--json").out()).contains("\"executionId\": \"" + id + "\"")
                .contains("\"status\": \"EXECUTION_STATUS_COMPLETED\"");
        assertThat(weft("ls", "--json", "--limit", "500").out()).contains("\"executionId\": \"" + id + "\"");
        assertThat(weft("history", id, "--json").out()).contains("\"type\": \"ExecutionCompleted\"");
        assertThat(weft("workflows", "--json").out()).contains("\"name\": \"cli-count-words\"");
        assertThat(weft("ls-agents", "--json").out()).contains("cli-it-agent");
    }

    @Test
    void cancelEndsARunningExecutionAndWatchThenExitsOne() {
        Result started = weft("signal", "00000000-0000-0000-0000-000000000000", "go");
        assertThat(started.code()).isEqualTo(1);
        assertThat(started.err()).startsWith("weft: NOT_FOUND: ");

        String id = startWaiting();
        Result cancel = weft("cancel", id, "--reason", "not needed");
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains(id).contains("cancelled");

        Result watch = weft("watch", id);
        assertThat(watch.code()).isEqualTo(1);
        assertThat(watch.out()).contains("⊗ " + id);
    }

    @Test
    void aSignalCompletesTheWaitWithItsPayload() {
        String id = startWaiting();

        Result signal = weft("signal", id, "go", "--payload", "{\"n\":6}");
        assertThat(signal.out()).isEqualTo("signal go recorded for " + id + "\n");
        Result watch = weft("watch", id);

        assertThat(watch.code()).isZero();
        assertThat(watch.out()).contains("output: {\"got\":{\"n\":6}}");
    }

    @Test
    void approveLetsTheWorkflowGoOnUnderTheCallersNameAndRejectFailsIt() {
        String approved = startAwaitingApproval();
        Result approve = weft("approve", approved, "sign_off", "--comment", "fine", "--caller", "ada");
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.out()).startsWith("approved sign_off as ada");
        Result done = weft("watch", approved);
        assertThat(done.code()).isZero();
        assertThat(done.out()).contains("output: {\"shipped_by\":\"ada\"}");

        String rejected = startAwaitingApproval();
        assertThat(weft("reject", rejected, "sign_off", "--caller", "ada").code()).isZero();
        Result failed = weft("watch", rejected);
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).contains("✗ sign_off").contains("approval_rejected");
    }

    @Test
    void pauseAndResumeAnswerWithTheExecutionsNewStatus() {
        String id = startWaiting();

        assertThat(weft("pause", id).out()).contains("paused");
        assertThat(weft("resume", id).out()).contains("running");
        assertThat(weft("cancel", id).code()).isZero();
    }

    @Test
    void theTenantFlagScopesWhatTheClientSees() {
        Result run = weft("run", file("count-words.yaml"), "--input", "{\"text\":\"x\",\"ms\":1}", "--tenant", "cli-other");
        assertThat(run.code()).as(run.err()).isZero();
        String id = id(STARTED, run.out());

        assertThat(weft("ls", "--tenant", "cli-other").out()).contains(id);
        assertThat(weft("ls", "--limit", "500").out()).doesNotContain(id);
        Result elsewhere = weft("get", id);
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).startsWith("weft: NOT_FOUND: ");
    }

    /** A cli-wait-long execution, started by `run` whose watch is cut short by a cancel elsewhere. */
    private static String startWaiting() {
        return startInThread("wait-long.yaml", "cli-wait-long");
    }

    private static String startAwaitingApproval() {
        String id = startInThread("sign-off.yaml", "cli-sign-off");
        Eventually.await("the approval of " + id + " is pending", Duration.ofSeconds(30),
                () -> weft("approvals", "--workflow", "cli-sign-off").out().contains(id));
        return id;
    }

    /**
     * `weft run` follows its execution to the end, so it runs on a thread of its own; the execution
     * is the newest of its workflow once the listing shows one the earlier listing did not.
     */
    private static String startInThread(String file, String workflow) {
        String before = weft("ls", "--workflow", workflow, "--json", "--limit", "500").out();
        Thread t = new Thread(() -> weft("run", file(file)), "cli-it-run");
        t.setDaemon(true);
        t.start();
        String[] found = new String[1];
        Eventually.await("a new " + workflow + " execution", Duration.ofSeconds(30), () -> {
            Matcher m = EXECUTION_ID.matcher(weft("ls", "--workflow", workflow, "--json", "--limit", "500").out());
            while (m.find()) {
                if (!before.contains(m.group(1))) {
                    found[0] = m.group(1);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
