package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.StateEntered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** states: a state machine whose visits are instances; transitions are tried in order after each visit (ADR 0011). */
class StateMachineTest {
    static final String DRAFT_REVIEW = """
            name: draft-review
            initial: draft
            max_transitions: 5
            states:
              - id: draft
                agent: writer
                input:
                  visit: "{{ visits.draft }}"
                  feedback: "{{ steps.review.status == 'completed' ? steps.review.output.comments : '' }}"
                transitions:
                  - to: review
              - id: review
                agent: reviewer
                input: { text: "{{ steps.draft.output }}" }
                transitions:
                  - when: "steps.review.output.approved"
                    to: publish
                  - when: "visits.review < 3"
                    to: draft
              - id: publish
                agent: publisher
                input: { final: "{{ steps.draft.output }}" }
                end: true
            """;

    @Test
    void aRejectedReviewGoesBackToDraftAsASecondVisitUntilItIsApproved() {
        EngineScenario s = EngineScenario.given(DRAFT_REVIEW).started();

        StateEntered first = s.event(StateEntered.class);
        assertThat(first.state()).isEqualTo("draft");
        assertThat(first.from()).isNull();
        s.thenDispatched("machine.draft");
        assertThat(s.dispatchedInput("machine.draft")).isEqualTo(Map.of("visit", 1L, "feedback", ""));

        s.succeeds("machine.draft", 1, "draft 1").thenDispatched("machine.review");
        assertThat(s.dispatchedInput("machine.review")).isEqualTo(Map.of("text", "draft 1"));
        s.succeeds("machine.review", 1, Map.of("approved", false, "comments", "shorter"));

        StateEntered back = s.event(StateEntered.class);
        assertThat(back.state()).isEqualTo("draft");
        assertThat(back.visit()).isEqualTo(2);
        assertThat(back.from()).isEqualTo("review");
        assertThat(back.transition()).isEqualTo(1);
        assertThat(back.condition()).isEqualTo("visits.review < 3");
        assertThat(back.value()).isEqualTo(true);
        s.thenDispatched("machine.draft#2");
        assertThat(s.dispatchedInput("machine.draft#2")).isEqualTo(Map.of("visit", 2L, "feedback", "shorter"));

        s.succeeds("machine.draft#2", 1, "draft 2").thenDispatched("machine.review#2");
        assertThat(s.dispatchedInput("machine.review#2")).isEqualTo(Map.of("text", "draft 2"));
        s.succeeds("machine.review#2", 1, Map.of("approved", true, "comments", "good"));
        assertThat(s.event(StateEntered.class).transition()).isEqualTo(0);
        s.thenDispatched("machine.publish");
        assertThat(s.dispatchedInput("machine.publish")).isEqualTo(Map.of("final", "draft 2"));

        s.succeeds("machine.publish", 1, Map.of("url", "https://x/1"));
        s.thenStatus(ExecutionStatus.COMPLETED).thenStep("machine", StepStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("url", "https://x/1"));
        assertThat(s.state().steps().keySet()).containsExactly("machine", "machine.draft", "machine.review",
                "machine.draft#2", "machine.review#2", "machine.publish");
        assertThat(s.step("machine").input()).isEqualTo(List.of("draft", "review", "draft", "review", "publish"));
        assertThat(s.step("machine.review").output()).isEqualTo(Map.of("approved", false, "comments", "shorter"));
    }

    @Test
    void aVisitWhoseTransitionsAllFailToHoldOutsideAnEndStateFailsTheMachineNamingTheConditions() {
        EngineScenario s = EngineScenario.given(DRAFT_REVIEW).started();
        for (int v = 1; v <= 3; v++) {
            s.succeeds(TaskIds.visit("machine", "draft", v), 1, "d" + v)
                    .succeeds(TaskIds.visit("machine", "review", v), 1, Map.of("approved", false, "comments", "no"));
        }

        s.thenStatus(ExecutionStatus.FAILED).thenStep("machine", StepStatus.FAILED);
        assertThat(s.step("machine").error().type()).isEqualTo("no_transition");
        assertThat(s.step("machine").error().message()).isEqualTo("visit 'machine.review#3' ended completed, and no "
                + "transition of state 'review' holds ('steps.review.output.approved' was false, "
                + "'visits.review < 3' was false); it is no end state");
    }

    @Test
    void takingMoreThanMaxTransitionsFailsTheMachine() {
        EngineScenario s = EngineScenario.given("""
                name: ping-pong
                initial: ping
                max_transitions: 3
                states:
                  - { id: ping, agent: p, transitions: [ { to: pong } ] }
                  - { id: pong, agent: p, transitions: [ { when: "steps.pong.output == 'stop'", to: done }, { to: ping } ] }
                  - { id: done, agent: p, end: true }
                """).started();
        s.succeeds("machine.ping", 1, "x").succeeds("machine.pong", 1, "again").succeeds("machine.ping#2", 1, "x");

        assertThat(s.event(StateEntered.class).state()).isEqualTo("pong");
        s.succeeds("machine.pong#2", 1, "again");

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.step("machine").error().type()).isEqualTo("max_transitions_exceeded");
        assertThat(s.step("machine").error().message()).isEqualTo("state 'pong' would go to 'ping', but the machine "
                + "has taken its max_transitions of 3");
    }

    @Test
    void anEndStateWithTransitionsEndsOnlyWhenNoneHoldsAndTheOutputTemplateSeesEveryState() {
        EngineScenario s = EngineScenario.given("""
                name: with-output
                initial: work
                states:
                  - id: work
                    agent: w
                    end: true
                    transitions: [ { when: "steps.work.output.more", to: work } ]
                output:
                  last: "{{ steps.work.output.n }}"
                  visits: "{{ visits.work }}"
                """).started();
        s.succeeds("machine.work", 1, Map.of("more", true, "n", 1)).thenDispatched("machine.work#2");
        s.succeeds("machine.work#2", 1, Map.of("more", false, "n", 2));

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("last", 2L, "visits", 2L));
    }

    @Test
    void aFailedVisitWithOnErrorContinueStillTakesTransitionsThatReadItsStatus() {
        EngineScenario s = EngineScenario.given("""
                name: recover
                initial: call
                states:
                  - id: call
                    agent: api
                    on_error: continue
                    transitions:
                      - { when: "steps.call.status == 'failed'", to: apologise }
                      - { to: done }
                  - { id: apologise, agent: mailer, input: { why: "{{ steps.call.error.type }}" }, end: true }
                  - { id: done, agent: mailer, end: true }
                """).started();
        s.fails("machine.call", 1, new ErrorInfo("bad_input", "no", false));

        s.thenStep("machine.call", StepStatus.FAILED).thenDispatched("machine.apologise");
        assertThat(s.dispatchedInput("machine.apologise")).isEqualTo(Map.of("why", "bad_input"));
        s.succeeds("machine.apologise", 1, "sent").thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void aFailedVisitWithTheDefaultOnErrorFailsTheMachineAndTheExecution() {
        EngineScenario s = EngineScenario.given(DRAFT_REVIEW).started()
                .fails("machine.draft", 1, new ErrorInfo("bad_input", "no", false));

        s.thenStatus(ExecutionStatus.FAILED).thenStep("machine", StepStatus.FAILED);
        assertThat(s.state().error().message()).isEqualTo("step 'machine' failed: step 'machine.draft' failed: no "
                + "(not retryable)");
    }

    @Test
    void aVisitIsRetriedLikeAnyStepAndItsRetryIsNotTakenForTheNextVisit() {
        EngineScenario s = EngineScenario.given(DRAFT_REVIEW).started().fails("machine.draft", 1);

        s.thenStep("machine.draft", StepStatus.RETRY_WAIT).backoffEnds("machine.draft");
        s.thenDispatched("machine.draft");
        s.succeeds("machine.draft", 2, "d").thenDispatched("machine.review");
        assertThat(s.step("machine.draft").attempt()).isEqualTo(2);
    }

    @Test
    void aTransitionConditionThatIsNotABoolFailsTheMachine() {
        EngineScenario s = EngineScenario.given("""
                name: bad-condition
                initial: a
                states:
                  - { id: a, agent: w, transitions: [ { when: "steps.a.output", to: b } ] }
                  - { id: b, agent: w, end: true }
                """).started().succeeds("machine.a", 1, "yes");

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.step("machine").error().message())
                .isEqualTo("states[0](a).transitions[0].when: expected the condition 'steps.a.output' to be a bool, "
                        + "but it is a string ('yes')");
    }

    @Test
    void aStateOfAnyKindIsVisitedLikeAStep() {
        EngineScenario s = EngineScenario.given("""
                name: kinds
                initial: route
                states:
                  - id: route
                    switch:
                      cases: [ { name: big, when: "input.n > 10" } ]
                      default: small
                    transitions:
                      - { when: "steps.route.output.case == 'big'", to: approve }
                      - { to: done }
                  - id: approve
                    approval: { prompt: "ok?" }
                    transitions: [ { to: done } ]
                  - { id: done, transform: { mapping: "{{ visits }}" }, end: true }
                """).startedWith(Map.of("n", 5L));

        s.thenStatus(ExecutionStatus.COMPLETED);
        assertThat(s.state().output()).isEqualTo(Map.of("route", 1L, "approve", 0L, "done", 1L));
    }

    @Test
    void aCancelledMachineCancelsItsOpenVisit() {
        EngineScenario s = EngineScenario.given(DRAFT_REVIEW).started().succeeds("machine.draft", 1, "d")
                .cancelled("enough");

        s.thenStatus(ExecutionStatus.CANCELLED).thenStep("machine.review", StepStatus.CANCELLED)
                .thenStep("machine", StepStatus.CANCELLED);
    }
}
