package dev.weft.engine;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command.*;
import dev.weft.expr.CelExpressionEvaluator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Given a definition and a start input, when commands arrive, then these events and effects.
 * The clock is a fixed {@link Instant} that only the test moves. After every decision the
 * fixture checks {@link EngineInvariants} — replay equals state among them — so each scenario
 * proves those on its own history without asking.
 */
final class EngineScenario {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final String EXECUTION_ID = "ex-1";
    /** The real evaluator: expressions behave in scenarios as in production. Thread-safe. */
    private static final CelExpressionEvaluator EXPRESSIONS = new CelExpressionEvaluator();

    private final WorkflowDefinition definition;
    private final Decider decider = new Decider(EXPRESSIONS);
    private final List<ExecutionEvent> history = new ArrayList<>();
    private ExecutionState state = ExecutionState.EMPTY;
    private Instant now = T0;
    private Decision last;
    private DispatchGate gate = DispatchGate.OPEN;

    private EngineScenario(WorkflowDefinition definition) {
        this.definition = definition;
    }

    static EngineScenario given(String yaml) {
        return new EngineScenario(new DefinitionParser().parse(yaml));
    }

    // ---- when ----

    EngineScenario startedWith(Map<String, Object> input) {
        return when(new StartExecution(EXECUTION_ID, "tenant-1", input, "request-1"));
    }

    EngineScenario started() {
        return startedWith(Map.of());
    }

    EngineScenario when(Command command) {
        ExecutionState before = state;
        Decision decision = decider.decide(definition, state, command, now, gate);
        history.addAll(decision.events());
        EngineInvariants.check(definition, before, decision, history);
        state = decision.state();
        last = decision;
        return this;
    }

    EngineScenario succeeds(String stepId, int attempt, Object output) {
        return when(new RecordTaskResult(stepId, attempt, "agent-1", true, output, null));
    }

    EngineScenario fails(String stepId, int attempt, ErrorInfo error) {
        return when(new RecordTaskResult(stepId, attempt, "agent-1", false, null, error));
    }

    EngineScenario fails(String stepId, int attempt) {
        return fails(stepId, attempt, ErrorInfo.of("agent_error", "boom"));
    }

    EngineScenario timerFires(TimerKind kind, String stepId, int attempt) {
        return when(new FireTimer(kind, stepId, attempt));
    }

    /** Moves the clock to the current attempt's deadline and fires its timer. */
    EngineScenario deadlinePasses(String stepId) {
        StepState step = step(stepId);
        now = step.deadline();
        return timerFires(TimerKind.TASK_DEADLINE, stepId, step.attempt());
    }

    /** Moves the clock to the end of the step's backoff and fires its retry timer. */
    EngineScenario backoffEnds(String stepId) {
        StepState step = step(stepId);
        now = step.nextAttemptAt();
        return timerFires(TimerKind.RETRY_BACKOFF, stepId, step.attempt() + 1);
    }

    EngineScenario cancelled(String reason) {
        return when(new CancelExecution(reason));
    }

    EngineScenario paused(String reason) {
        return when(new PauseExecution(reason, "alice"));
    }

    EngineScenario resumed(String reason) {
        return when(new ResumeExecution(reason, "bob"));
    }

    /** The circuit of every capability is open: new tasks may not go out. */
    EngineScenario circuitOpens() {
        gate = capability -> DispatchGate.Admission.refused("circuit open for capability '" + capability + "'");
        return this;
    }

    /** Only this capability's circuit is open. */
    EngineScenario circuitOpensFor(String open) {
        gate = capability -> capability.equals(open)
                ? DispatchGate.Admission.refused("circuit open for capability '" + capability + "'")
                : DispatchGate.OPEN.admit(capability);
        return this;
    }

    /** Tasks may go out again, and the held steps are released. */
    EngineScenario circuitCloses(String capability) {
        gate = DispatchGate.OPEN;
        return when(new ReleaseHeldSteps(capability, "circuit closed"));
    }

    /** An agent says it started the current attempt. */
    EngineScenario agentStarts(String stepId) {
        return when(new RecordTaskStarted(stepId, step(stepId).attempt(), "agent-1"));
    }

    EngineScenario after(Duration elapsed) {
        now = now.plus(elapsed);
        return this;
    }

    /** The command is refused and leaves nothing behind. */
    EngineScenario rejects(Command command) {
        assertThatThrownBy(() -> decider.decide(definition, state, command, now, gate))
                .isInstanceOf(CommandRejectedException.class);
        return this;
    }

    /** The command is refused with exactly this message and leaves nothing behind. */
    EngineScenario rejects(Command command, String message) {
        assertThatThrownBy(() -> decider.decide(definition, state, command, now, gate))
                .isInstanceOf(CommandRejectedException.class).hasMessage(message);
        return this;
    }

    // ---- then ----

    @SafeVarargs
    final EngineScenario thenEvents(Class<? extends ExecutionEvent>... types) {
        // Compared by simple name so a failure reads like the scenario.
        assertThat(last.events()).as("events of the last decision")
                .map(e -> e.getClass().getSimpleName())
                .containsExactly(Arrays.stream(types).map(Class::getSimpleName).toArray(String[]::new));
        return this;
    }

    EngineScenario thenNothingHappens() {
        assertThat(last.events()).as("events of the last decision").isEmpty();
        assertThat(last.effects()).as("effects of the last decision").isEmpty();
        return this;
    }

    /** Steps dispatched by the last decision, in dispatch order. */
    EngineScenario thenDispatched(String... stepIds) {
        assertThat(effects(Effect.DispatchTask.class)).map(Effect.DispatchTask::stepId)
                .as("steps dispatched by the last decision").containsExactly(stepIds);
        return this;
    }

    EngineScenario thenStatus(ExecutionStatus status) {
        assertThat(state.status()).isEqualTo(status);
        return this;
    }

    EngineScenario thenStep(String stepId, StepStatus status) {
        assertThat(step(stepId).status()).as("status of step '%s'", stepId).isEqualTo(status);
        return this;
    }

    EngineScenario thenEffectsInclude(Effect... effects) {
        assertThat(last.effects()).contains(effects);
        return this;
    }

    <T extends ExecutionEvent> T event(Class<T> type) {
        List<T> found = events(type);
        assertThat(found).as("%s events in the last decision", type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    <T extends ExecutionEvent> List<T> events(Class<T> type) {
        return last.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends Effect> List<T> effects(Class<T> type) {
        return last.effects().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The input the last decision sent to the step's agent. */
    Object dispatchedInput(String stepId) {
        return effects(Effect.DispatchTask.class).stream().filter(t -> t.stepId().equals(stepId))
                .findFirst().orElseThrow(() -> new AssertionError("'" + stepId + "' was not dispatched: "
                        + last.effects())).input();
    }

    ExecutionState state() {
        return state;
    }

    /** Every event so far, in order. */
    List<ExecutionEvent> history() {
        return List.copyOf(history);
    }

    Decision last() {
        return last;
    }

    StepState step(String stepId) {
        return state.step(stepId);
    }

    Instant now() {
        return now;
    }

    static String timerId(TimerKind kind, String stepId, int attempt) {
        return TaskIds.timerId(EXECUTION_ID, kind, stepId, attempt);
    }
}
