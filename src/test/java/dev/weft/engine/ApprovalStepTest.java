package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.definition.DefinitionParser;
import dev.weft.engine.Command.DecideApproval;
import dev.weft.engine.ExecutionEvent.ApprovalDecided;
import dev.weft.engine.ExecutionEvent.ApprovalRequested;
import dev.weft.engine.ExecutionEvent.StepFailed;
import dev.weft.engine.ExecutionEvent.WaitTimedOut;
import dev.weft.expr.CelExpressionEvaluator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** approval: a person's decision, RUNNING without a task while pending; approve completes, reject fails. */
class ApprovalStepTest {
    static final String REVIEW = """
            name: review
            limits: { max_parallel: 1 }
            steps:
              - { id: draft, agent: w }
              - id: approve
                depends_on: [draft]
                approval: { prompt: "Publish {{ steps.draft.output.title }}?", approvers: [alice, bob], timeout: 1h }
              - { id: side, agent: w, depends_on: [draft] }
              - { id: publish, agent: w, depends_on: [approve] }
            """;

    static EngineScenario asked() {
        return EngineScenario.given(REVIEW).started().succeeds("draft", 1, Map.of("title", "Q3"));
    }

    @Test
    void aPendingApprovalTakesNoSlotAndRecordsItsResolvedPrompt() {
        EngineScenario s = asked();

        ApprovalRequested asked = s.event(ApprovalRequested.class);
        assertThat(asked.prompt()).isEqualTo("Publish Q3?");
        assertThat(asked.approvers()).containsExactly("alice", "bob");
        assertThat(asked.timeoutAt()).isEqualTo(s.now().plus(Duration.ofHours(1)));
        s.thenStep("approve", StepStatus.RUNNING).thenDispatched("side"); // max_parallel 1, still dispatched
        assertThat(s.step("approve").input()).isEqualTo(Approvals.describe(asked));
        assertThat(s.effects(Effect.StartTimer.class)).anyMatch(t -> t.kind() == TimerKind.WAIT_TIMEOUT
                && t.stepId().equals("approve") && t.attempt() == 1);
    }

    @Test
    void approvedTheStepCompletesWithWhoWhenAndWhyAndTheNextRuns() {
        EngineScenario s = asked().succeeds("side", 1, "y").after(Duration.ofMinutes(5))
                .when(new DecideApproval("approve", true, "bob", "looks good"));

        s.thenEvents(ApprovalDecided.class, ExecutionEvent.TaskDispatched.class).thenDispatched("publish");
        assertThat(s.step("approve").output()).isEqualTo(Map.of("approved", true, "by", "bob",
                "at", s.now().toString(), "comment", "looks good"));
        assertThat(s.effects(Effect.CancelTimer.class)).extracting(Effect.CancelTimer::timerId)
                .containsExactly(TaskIds.timerId(EngineScenario.EXECUTION_ID, TimerKind.WAIT_TIMEOUT, "approve", 1));
    }

    @Test
    void rejectedTheStepFailsNamingWhoAndWhyAndOnErrorApplies() {
        EngineScenario s = asked().when(new DecideApproval("approve", false, "alice", "not yet"));

        assertThat(s.event(StepFailed.class).error()).isEqualTo(new ErrorInfo("approval_rejected",
                "rejected by alice: not yet", false));
        s.thenStep("approve", StepStatus.FAILED).thenStatus(ExecutionStatus.FAILED);
    }

    @Test
    void aRejectionWithOnErrorContinueLetsTheRestRun() {
        EngineScenario s = EngineScenario.given("""
                name: optional-review
                steps:
                  - { id: ask, approval: { prompt: "ok?" }, on_error: continue }
                  - { id: after, agent: w }
                """).started().when(new DecideApproval("ask", false, "carol", null));

        s.thenStep("ask", StepStatus.FAILED).thenStatus(ExecutionStatus.RUNNING);
        assertThat(s.step("ask").error().message()).isEqualTo("rejected by carol");
    }

    @Test
    void onlyAnApproverMayDecideAndOnlyOnce() {
        EngineScenario s = asked();
        assertThatThrownBy(() -> s.when(new DecideApproval("approve", true, "mallory", null)))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessage("Expected one of the approvers of step 'approve' (alice, bob), but the caller is 'mallory'");

        s.when(new DecideApproval("approve", true, "alice", null));

        s.rejects(new DecideApproval("approve", false, "bob", null),
                "Expected a pending approval at step 'approve', but it is COMPLETED (already decided, or ended otherwise)");
    }

    @Test
    void aDecisionBeforeTheStepAsksOrOfAnotherKindOfStepIsRefused() {
        EngineScenario s = EngineScenario.given(REVIEW).started();

        s.rejects(new DecideApproval("approve", true, "alice", null),
                "Expected a pending approval at step 'approve', but it is PENDING (not asked yet)");
        s.rejects(new DecideApproval("draft", true, "alice", null),
                "Expected an approval step, but 'draft' is a agent step");
    }

    @Test
    void noDecisionByTheTimeoutFailsTheStepWithApprovalTimeout() {
        EngineScenario s = asked().after(Duration.ofHours(1)).timerFires(TimerKind.WAIT_TIMEOUT, "approve", 1);

        assertThat(s.event(WaitTimedOut.class).kind()).isEqualTo("approval");
        assertThat(s.event(StepFailed.class).error().type()).isEqualTo("approval_timeout");
        s.thenStatus(ExecutionStatus.FAILED);
    }

    @Test
    void aTimeoutWithARetryPolicyAsksAgainAsTheNextAttempt() {
        EngineScenario s = EngineScenario.given("""
                name: ask-twice
                steps:
                  - id: ask
                    approval: { prompt: "ok?", timeout: 10m }
                    retry: { max_attempts: 2, backoff: immediate }
                """).started().after(Duration.ofMinutes(10)).timerFires(TimerKind.WAIT_TIMEOUT, "ask", 1);
        s.thenStep("ask", StepStatus.RETRY_WAIT);

        s.timerFires(TimerKind.RETRY_BACKOFF, "ask", 2);

        assertThat(s.event(ApprovalRequested.class).attempt()).isEqualTo(2);
        s.thenStep("ask", StepStatus.RUNNING);
        s.timerFires(TimerKind.WAIT_TIMEOUT, "ask", 1).thenNothingHappens(); // the first attempt's timer is stale
    }

    @Test
    void aDecisionWhilePausedCompletesTheStepAndTheNextWaitsForTheResume() {
        EngineScenario s = asked().succeeds("side", 1, "y").paused("look")
                .when(new DecideApproval("approve", true, "alice", null));

        s.thenStep("approve", StepStatus.COMPLETED).thenStep("publish", StepStatus.READY).thenDispatched();

        s.resumed("go").thenDispatched("publish");
    }

    @Test
    void aTimeoutWhilePausedIsDeferredToTheResume() {
        EngineScenario s = asked().paused("night").after(Duration.ofHours(2))
                .timerFires(TimerKind.WAIT_TIMEOUT, "approve", 1);
        s.thenStep("approve", StepStatus.RUNNING);

        s.resumed("morning");

        s.thenStep("approve", StepStatus.FAILED);
    }

    @Test
    void anApprovalAskedOnlyAfterTheResumeWhenItBecameReadyWhilePaused() {
        EngineScenario s = EngineScenario.given(REVIEW).started().paused("hold").succeeds("draft", 1,
                Map.of("title", "Q3"));
        s.thenStep("approve", StepStatus.READY);

        s.resumed("go");

        s.thenStep("approve", StepStatus.RUNNING);
    }

    @Test
    void thePendingApprovalIsFoundAgainFromTheHistory() {
        EngineScenario s = asked();
        List<String> ids = List.of("draft", "approve", "side", "publish");

        ExecutionState replayed = EventApplier.replay(s.history(), ids);

        assertThat(replayed).isEqualTo(s.state());
        new Decider(new CelExpressionEvaluator()).decide(new DefinitionParser().parse(REVIEW), replayed,
                new DecideApproval("approve", true, "alice", null), s.now());
    }
}
