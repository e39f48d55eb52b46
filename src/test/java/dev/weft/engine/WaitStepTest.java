package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.SignalExecution;
import dev.weft.engine.ExecutionEvent.SignalReceived;
import dev.weft.engine.ExecutionEvent.StepFailed;
import dev.weft.engine.ExecutionEvent.WaitCompleted;
import dev.weft.engine.ExecutionEvent.WaitStarted;
import dev.weft.engine.ExecutionEvent.WaitTimedOut;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** wait: waits for a named event, RUNNING without a task; signals that come first wait in the inbox. */
class WaitStepTest {
    static final String PAYMENT = """
            name: payment
            limits: { max_parallel: 1 }
            steps:
              - { id: order, agent: w }
              - id: paid
                depends_on: [order]
                wait: { event: order.paid, correlation: "{{ steps.order.output.id }}", timeout: 1h }
              - { id: side, agent: w, depends_on: [order] }
              - { id: ship, agent: w, depends_on: [paid] }
            """;

    static EngineScenario waiting() {
        return EngineScenario.given(PAYMENT).started().succeeds("order", 1, Map.of("id", "o-42"));
    }

    static SignalExecution signal(String event, String correlation, Object payload) {
        return new SignalExecution(null, event, correlation, payload, "shop");
    }

    @Test
    void aWaitRecordsWhatItWaitsForAndTakesNoSlot() {
        EngineScenario s = waiting();

        WaitStarted started = s.event(WaitStarted.class);
        assertThat(started.anyOf()).containsExactly(new WaitStarted.Awaited("order.paid", "o-42"));
        assertThat(started.timeoutAt()).isEqualTo(s.now().plus(Duration.ofHours(1)));
        s.thenStep("paid", StepStatus.RUNNING).thenDispatched("side");
        assertThat(s.effects(Effect.StartTimer.class)).anyMatch(t -> t.kind() == TimerKind.WAIT_TIMEOUT
                && t.stepId().equals("paid"));
    }

    @Test
    void theAwaitedSignalCompletesTheStepWithItsPayload() {
        EngineScenario s = waiting().succeeds("side", 1, "y").after(Duration.ofMinutes(3))
                .when(signal("order.paid", "o-42", Map.of("amount", 12L)));

        s.thenEvents(SignalReceived.class, WaitCompleted.class,
                ExecutionEvent.TaskDispatched.class);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("event", "order.paid");
        output.put("correlation", "o-42");
        output.put("index", 0L);
        output.put("payload", Map.of("amount", 12L));
        output.put("received_at", s.now().toString());
        assertThat(s.step("paid").output()).isEqualTo(output);
        assertThat(s.state().signals().inbox()).isEmpty();
        s.thenDispatched("ship");
    }

    @Test
    void aSignalForAnotherKeyOrEventIsKeptAndDoesNotCompleteTheWait() {
        EngineScenario s = waiting().when(signal("order.paid", "o-7", null)).when(signal("order.lost", null, null));

        s.thenStep("paid", StepStatus.RUNNING);
        assertThat(s.state().signals().inbox()).extracting(Signals.Received::event)
                .containsExactly("order.paid", "order.lost");
    }

    @Test
    void aSignalThatCameBeforeTheWaitIsConsumedWhenItStarts() {
        EngineScenario s = EngineScenario.given(PAYMENT).started().when(signal("order.paid", null, "early"));
        s.thenEvents(SignalReceived.class);
        assertThat(s.state().signals().inbox()).hasSize(1);

        s.succeeds("order", 1, Map.of("id", "o-42"));

        s.thenStep("paid", StepStatus.COMPLETED);
        assertThat(s.event(WaitCompleted.class).signal()).isEqualTo(3); // the sequence of its SignalReceived
        assertThat(s.state().signals().inbox()).isEmpty();
        assertThat(s.effects(Effect.CancelTimer.class)).extracting(Effect.CancelTimer::timerId)
                .contains(TaskIds.timerId(EngineScenario.EXECUTION_ID, TimerKind.WAIT_TIMEOUT, "paid", 1));
    }

    @Test
    void aRepeatedSignalIdIsRecordedOnce() {
        EngineScenario s = EngineScenario.given(PAYMENT).started()
                .when(new SignalExecution("s-1", "order.paid", null, 1L, "shop"))
                .when(new SignalExecution("s-1", "order.paid", null, 1L, "shop"));

        s.thenNothingHappens();
        assertThat(s.state().signals().inbox()).hasSize(1);
    }

    @Test
    void aSignalToAnEndedExecutionIsRefused() {
        EngineScenario s = waiting().cancelled("stop");

        s.rejects(signal("order.paid", "o-42", null),
                "Expected a running or paused execution to signal, but it is already CANCELLED");
    }

    @Test
    void noSignalByTheTimeoutFailsTheStepWithWaitTimeout() {
        EngineScenario s = waiting().after(Duration.ofMinutes(59)).timerFires(TimerKind.WAIT_TIMEOUT, "paid", 1);
        s.thenStep("paid", StepStatus.RUNNING); // early: armed again
        assertThat(s.effects(Effect.StartTimer.class)).singleElement()
                .satisfies(t -> assertThat(t.dueAt()).isEqualTo(s.now().plus(Duration.ofMinutes(1))));

        s.after(Duration.ofMinutes(1)).timerFires(TimerKind.WAIT_TIMEOUT, "paid", 1);

        assertThat(s.event(WaitTimedOut.class).kind()).isEqualTo("wait");
        assertThat(s.event(StepFailed.class).error().type()).isEqualTo("wait_timeout");
        s.thenStatus(ExecutionStatus.FAILED);
    }

    @Test
    void aRetriedWaitWaitsAgainAndASignalThenCompletesIt() {
        EngineScenario s = EngineScenario.given("""
                name: patient
                steps:
                  - id: w
                    wait: { event: ping, timeout: 1m }
                    retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s }
                """).started().after(Duration.ofMinutes(1)).timerFires(TimerKind.WAIT_TIMEOUT, "w", 1);
        s.thenStep("w", StepStatus.RETRY_WAIT).backoffEnds("w");
        assertThat(s.event(WaitStarted.class).attempt()).isEqualTo(2);

        s.when(signal("ping", null, null));

        s.thenStep("w", StepStatus.COMPLETED).thenStatus(ExecutionStatus.COMPLETED);
    }

    @Test
    void anyOfTheFirstEventWinsAndTheOutputSaysWhich() {
        EngineScenario s = EngineScenario.given("""
                name: either
                steps:
                  - id: w
                    wait:
                      any_of:
                        - { event: approved, correlation: "{{ input.ticket }}" }
                        - { event: cancelled }
                  - { id: after, agent: w, depends_on: [w] }
                """).startedWith(Map.of("ticket", 7L));
        assertThat(s.event(WaitStarted.class).anyOf()).containsExactly(new WaitStarted.Awaited("approved", "7"),
                new WaitStarted.Awaited("cancelled", null));

        s.when(signal("cancelled", null, "no")).when(signal("approved", "7", "late"));

        assertThat(s.events(WaitCompleted.class)).isEmpty(); // the second one is only kept
        Map<String, Object> output = new LinkedHashMap<>(Map.of("event", "cancelled", "index", 1L, "payload", "no",
                "received_at", EngineScenario.T0.toString()));
        output.put("correlation", null);
        assertThat(s.step("w").output()).isEqualTo(output);
        assertThat(s.state().signals().inbox()).extracting(Signals.Received::event).containsExactly("approved");
    }

    @Test
    void aSignalWhilePausedCompletesTheWaitAndTheNextIsDispatchedOnTheResume() {
        EngineScenario s = waiting().succeeds("side", 1, "y").paused("hold")
                .when(signal("order.paid", "o-42", null));

        s.thenStep("paid", StepStatus.COMPLETED).thenStep("ship", StepStatus.READY).thenDispatched();

        s.resumed("go").thenDispatched("ship");
    }

    @Test
    void aCorrelationThatIsNotAKeyFailsTheStepNamingTheField() {
        EngineScenario s = EngineScenario.given("""
                name: bad-key
                steps: [ { id: w, wait: { event: e, correlation: "{{ input.key }}" } } ]
                """).startedWith(Map.of("key", List.of()));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error().message()).contains("steps.w.wait.correlation: expected a correlation key");
    }
}
