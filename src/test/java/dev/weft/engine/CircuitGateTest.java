package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.ExecutionEvent.*;
import org.junit.jupiter.api.Test;

/** While a capability's circuit breaker is open its new tasks are held, or fail at once when the step says so. */
class CircuitGateTest {

    @Test
    void aTaskIsHeldWhileTheCircuitIsOpenAndGoesOutWhenItCloses() {
        EngineScenario s = EngineScenario.given("""
                name: held
                steps: [ { id: a, agent: w } ]
                """).circuitOpens().started();

        s.thenStep("a", StepStatus.HELD).thenDispatched();
        assertThat(s.event(TaskHeld.class).reason()).isEqualTo("circuit open for capability 'w'");
        assertThat(s.step("a").holdReason()).isEqualTo("circuit open for capability 'w'");

        s.circuitCloses("w").thenEvents(TaskReleased.class, TaskDispatched.class).thenDispatched("a");
    }

    @Test
    void aStepThatMustNotWaitFailsAtOnceWhileTheCircuitIsOpen() {
        EngineScenario s = EngineScenario.given("""
                name: impatient
                steps: [ { id: a, agent: w, on_circuit_open: fail } ]
                """).circuitOpens().started();

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.event(StepFailed.class).error().type()).isEqualTo("circuit_open");
    }

    @Test
    void releasingAnotherCapabilityLeavesTheHeldStepWaiting() {
        EngineScenario s = EngineScenario.given("""
                name: other
                steps: [ { id: a, agent: w } ]
                """).circuitOpens().started();

        s.when(new Command.ReleaseHeldSteps("other", "circuit closed")).thenNothingHappens();
    }
}
