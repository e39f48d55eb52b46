package dev.weft.engine;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.Command.*;
import dev.weft.expr.CelExpressionEvaluator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives one execution through a random schedule, like a hostile but fair world: agents answer
 * in any order, fail, answer twice or after their deadline; timers fire late, twice, or after
 * they were cancelled; a cancel or the workflow deadline may come at any time; an operator pauses
 * and resumes (the invariants forbid any dispatch while paused). Then the world
 * calms down (agents succeed) and the execution must end. {@link EngineInvariants} are checked
 * after every decision. Deterministic for a given seed.
 */
final class ScheduleSimulator {
    private static final CelExpressionEvaluator EXPRESSIONS = new CelExpressionEvaluator();
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** @param pauses how often an operator paused the execution (each pause was resumed or outlived by its end) */
    record Outcome(ExecutionStatus status, int decisions, Set<StepTransitionTable.Transition> transitions,
                   int pauses) {
    }

    private record Task(String stepId, int attempt) {
    }

    private record ArmedTimer(FireTimer command, Instant dueAt) {
    }

    private final Random random;
    private final WorkflowDefinition definition;
    private final Decider decider = new Decider(EXPRESSIONS);
    private final List<ExecutionEvent> history = new ArrayList<>();
    private final Set<StepTransitionTable.Transition> transitions = new HashSet<>();
    /** Tasks out with agents that have not answered yet (answers may still come after a timeout). */
    private final List<Task> outstanding = new ArrayList<>();
    /** Results already delivered once: the broker may deliver them again. */
    private final List<RecordTaskResult> delivered = new ArrayList<>();
    /** By timer id, in arming order; what the timer store holds. */
    private final Map<String, ArmedTimer> armed = new LinkedHashMap<>();
    /** Timers that fired or were cancelled: a racing timer service may still fire them. */
    private final List<FireTimer> spent = new ArrayList<>();
    private final Blueprint stepIds;
    private ExecutionState state = ExecutionState.EMPTY;
    /** The capability's circuit breaker as the world sees it: while open, new tasks are held or fail fast. */
    private boolean circuitOpen;
    /** Dead letters the engine listed and nobody dealt with yet. */
    private final List<Long> openDeadLetters = new ArrayList<>();
    private long nextDeadLetter = 1;
    private final DispatchGate gate = capability -> circuitOpen
            ? DispatchGate.Admission.refused("circuit open for capability " + capability)
            : DispatchGate.Admission.ADMITTED;
    /** The history folded event by event, independently of the decider's own state. */
    private ExecutionState replayed = ExecutionState.EMPTY;
    private Instant now = T0;
    private int decisions;
    private int pauses;

    ScheduleSimulator(Random random, WorkflowDefinition definition) {
        this.random = random;
        this.definition = definition;
        this.stepIds = Blueprint.of(definition);
    }

    Outcome run() {
        decide(new StartExecution("sim", "tenant", Map.of("n", 1L), "req"));
        int chaos = random.nextInt(120);
        // One run in five is ended from outside (cancel or workflow deadline) at a random moment.
        int endAt = random.nextInt(5) == 0 ? random.nextInt(chaos + 1) : -1;
        for (int i = 0; i < chaos && !state.isTerminal(); i++) {
            if (i == endAt) {
                endFromOutside();
            } else if (!chaosStep()) {
                break;
            }
        }
        calmToTheEnd();
        // An operator may reopen a failed execution from its failed step; it must end again.
        for (int reopen = 0; reopen < 2 && state.status() == ExecutionStatus.FAILED && random.nextInt(3) == 0; reopen++) {
            var failed = state.steps().values().stream().filter(x -> x.status() == StepStatus.FAILED).findFirst();
            if (failed.isEmpty()) {
                break;
            }
            decide(new RetryStep(failed.get().stepId(), openDeadLetters.isEmpty() ? null : openDeadLetters.remove(0),
                    "sim"));
            calmToTheEnd();
        }
        afterTheEnd();
        assertThat(EventApplier.replay(history, stepIds)).as("the whole history from the start").isEqualTo(state);
        return new Outcome(state.status(), decisions, transitions, pauses);
    }

    private void calmToTheEnd() {
        if (circuitOpen) {
            closeCircuit();
        }
        if (state.isPaused()) {
            decide(new ResumeExecution("calm", "sim"));
        }
        // Generous: each step needs at most a few attempts, each a result or a timer away.
        int bound = 4_000 * definition.steps().size();
        for (int i = 0; i < bound && !state.isTerminal(); i++) {
            calmStep();
        }
        assertThat(state.isTerminal()).as("the execution ended once agents succeed; state %s", state).isTrue();
    }

    private void closeCircuit() {
        circuitOpen = false;
        // Both capabilities RandomWorkflows uses: the steps' own and their fallbacks'.
        for (String capability : java.util.List.of("w", "w2")) {
            if (!state.isTerminal()) {
                decide(new ReleaseHeldSteps(capability, "circuit closed"));
            }
        }
    }

    /** What an operator or the breakers may do in the middle of it all. */
    private void outsideMove() {
        int roll = random.nextInt(4);
        if (roll == 0) {
            if (circuitOpen) {
                closeCircuit();
            } else {
                circuitOpen = true;
            }
        } else if (roll == 1 && !outstanding.isEmpty()) {
            Task t = outstanding.get(random.nextInt(outstanding.size()));
            decide(new RecordTaskStarted(t.stepId(), t.attempt(), "agent-" + random.nextInt(3)));
        } else if (roll == 2) {
            state.steps().values().stream()
                    .filter(x -> x.status() == StepStatus.FAILED || x.status() == StepStatus.RETRY_WAIT)
                    .findFirst().ifPresent(x -> decide(new RetryStep(x.stepId(), null, "sim")));
        } else if (!openDeadLetters.isEmpty()) {
            decide(new DiscardDeadLetter(openDeadLetters.remove(random.nextInt(openDeadLetters.size())), "sim"));
        }
    }

    /** Someone sends an event: to no wait, to one, twice with the same id, with or without a key. */
    private void signal() {
        String event = List.of("e1", "e2", "e3").get(random.nextInt(3));
        String correlation = random.nextBoolean() ? null : String.valueOf(1 + random.nextInt(2));
        String id = random.nextBoolean() ? null : "sig-" + random.nextInt(4);
        decide(new SignalExecution(id, event, correlation, Map.of("n", (long) random.nextInt(9)), "sender"));
    }

    /** Someone decides an approval: maybe not an approver, maybe one already decided or not asked yet. */
    private void decideApproval() {
        List<String> approvals = definition.steps().stream()
                .filter(s -> s.kind() instanceof dev.weft.definition.StepKind.Approval).map(s -> s.id()).toList();
        if (approvals.isEmpty()) {
            return;
        }
        decide(new DecideApproval(approvals.get(random.nextInt(approvals.size())), random.nextInt(3) > 0,
                random.nextInt(4) == 0 ? "mallory" : "alice", "sim"));
    }

    /** Calm: the first waiting wait or approval step gets what it waits for; false when none waits. */
    @SuppressWarnings("unchecked")
    private boolean satisfyAWait() {
        for (var def : definition.steps()) {
            StepState s = state.step(def.id());
            if (s.status() != StepStatus.RUNNING || s.taskId() != null) {
                continue;
            }
            if (def.kind() instanceof dev.weft.definition.StepKind.Approval) {
                decide(new DecideApproval(def.id(), true, "alice", "calm"));
                return true;
            }
            if (def.kind() instanceof dev.weft.definition.StepKind.Wait) {
                Map<String, Object> first = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) s.input())
                        .get("waiting_for")).getFirst();
                decide(new SignalExecution(null, (String) first.get("event"), (String) first.get("correlation"),
                        Map.of(), "calm"));
                return true;
            }
        }
        return false;
    }

    /**
     * An operator pauses or resumes, now and then; sometimes at the wrong moment (pausing twice,
     * resuming what runs), which must be refused and change nothing.
     */
    private void pauseOrResume() {
        boolean wrong = random.nextInt(8) == 0;
        if (state.isPaused() != wrong) {
            decide(new ResumeExecution("sim", "operator-" + random.nextInt(2)));
        } else {
            if (!state.isPaused()) {
                pauses++;
            }
            decide(new PauseExecution("sim", "operator-" + random.nextInt(2)));
        }
    }

    /** One hostile move; false when nothing at all can happen any more. */
    private boolean chaosStep() {
        now = now.plusMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(3_000));
        int roll = random.nextInt(124);
        if (roll >= 120) {
            decideApproval();
        } else if (roll >= 116) {
            signal();
        } else if (roll >= 110) {
            pauseOrResume();
        } else if (roll >= 100) {
            outsideMove();
        } else if (roll < 50 && !outstanding.isEmpty()) {
            answer(outstanding.get(random.nextInt(outstanding.size())), random.nextInt(10) < 6);
        } else if (roll < 60 && !delivered.isEmpty()) {
            decide(delivered.get(random.nextInt(delivered.size())));
        } else if (roll < 90 && !stepTimers().isEmpty()) {
            List<ArmedTimer> timers = stepTimers();
            fire(timers.get(random.nextInt(timers.size())).command());
        } else if (!spent.isEmpty()) {
            fire(spent.get(random.nextInt(spent.size())));
        } else {
            // Paused with nothing in flight: only the resume can move it on.
            return !outstanding.isEmpty() || !stepTimers().isEmpty() || state.isPaused();
        }
        return true;
    }

    private void endFromOutside() {
        if (random.nextBoolean()) {
            decide(new CancelExecution("chaos"));
        } else {
            fire(new FireTimer(TimerKind.WORKFLOW_DEADLINE, null, 0));
        }
    }

    /** Progress only: a current attempt succeeds, or else the earliest timer fires. */
    private void calmStep() {
        now = now.plusMillis(random.nextInt(1_000));
        List<Task> current = outstanding.stream().filter(t -> {
            StepState s = state.step(t.stepId());
            return s.status() == StepStatus.RUNNING && s.attempt() == t.attempt();
        }).toList();
        if (!current.isEmpty()) {
            answer(current.get(random.nextInt(current.size())), true);
            return;
        }
        if (satisfyAWait()) {
            return;
        }
        ArmedTimer next = stepTimers().stream().min(Comparator.comparing(ArmedTimer::dueAt))
                .orElseThrow(() -> new AssertionError("nothing can move the execution on: " + state));
        fire(next.command());
    }

    /** Deadlines and backoffs; the workflow deadline ends a run only through {@link #endFromOutside}. */
    private List<ArmedTimer> stepTimers() {
        return armed.values().stream().filter(t -> t.command().kind() != TimerKind.WORKFLOW_DEADLINE).toList();
    }

    /** Once ended, nothing but ignored results may follow, and a cancel is refused. */
    private void afterTheEnd() {
        ExecutionState ended = state;
        for (int i = 0; i < 10; i++) {
            int roll = random.nextInt(4);
            if (roll == 0 && !delivered.isEmpty()) {
                decide(delivered.get(random.nextInt(delivered.size())));
            } else if (roll == 1 && !outstanding.isEmpty()) {
                answer(outstanding.get(random.nextInt(outstanding.size())), random.nextBoolean());
            } else if (roll == 2 && !spent.isEmpty()) {
                fire(spent.get(random.nextInt(spent.size())));
            } else {
                fire(new FireTimer(TimerKind.WORKFLOW_DEADLINE, null, 0));
            }
        }
        assertThatThrownBy(() -> decider.decide(definition, state, new CancelExecution("late"), now, gate))
                .isInstanceOf(CommandRejectedException.class);
        assertThatThrownBy(() -> decider.decide(definition, state, new PauseExecution("late", null), now, gate))
                .isInstanceOf(CommandRejectedException.class);
        assertThatThrownBy(() -> decider.decide(definition, state, new ResumeExecution("late", null), now, gate))
                .isInstanceOf(CommandRejectedException.class);
        assertThat(state.withSequence(ended.sequence()).withIgnoredResults(ended.ignoredResults()))
                .as("an ended execution does not change").isEqualTo(ended);
    }

    private void answer(Task task, boolean success) {
        outstanding.remove(task);
        ErrorInfo error = random.nextInt(8) == 0 ? new ErrorInfo("fatal", "cannot do it", false)
                : ErrorInfo.of("flaky", "try again");
        RecordTaskResult result = new RecordTaskResult(task.stepId(), task.attempt(), "agent-" + random.nextInt(3),
                success, success ? Map.of("v", (long) task.attempt()) : null, success ? null : error);
        delivered.add(result);
        decide(result);
    }

    private void fire(FireTimer timer) {
        ArmedTimer wasArmed = armed.remove(TaskIds.timerId("sim", timer.kind(), timer.stepId(), timer.attempt()));
        if (wasArmed != null && wasArmed.dueAt().isAfter(now)) {
            now = wasArmed.dueAt(); // a timer fires at its due time or later, never before
        }
        spent.add(timer);
        decide(timer);
    }

    private void decide(Command command) {
        ExecutionState before = state;
        Decision decision;
        try {
            decision = decider.decide(definition, state, command, now, gate);
        } catch (CommandRejectedException rejected) {
            // An operator's command that does not apply (e.g. retrying a step that is running) changes nothing.
            assertThat(command).as("only operator commands may be refused").isInstanceOfAny(RetryStep.class,
                    CancelExecution.class, PauseExecution.class, ResumeExecution.class, SignalExecution.class,
                    DecideApproval.class);
            return;
        }
        history.addAll(decision.events());
        for (ExecutionEvent event : decision.events()) {
            replayed = EventApplier.apply(replayed, event, stepIds);
        }
        transitions.addAll(EngineInvariants.check(definition, before, decision, replayed, history.size()));
        if (before.isTerminal() && !(command instanceof RetryStep) && !(command instanceof DiscardDeadLetter)) {
            assertThat(decision.effects()).as("an ended execution has no effects").isEmpty();
        }
        state = decision.state();
        decisions++;
        decision.effects().forEach(this::carryOut);
    }

    /** What the runtime would do with the effect, as far as the world model needs. */
    private void carryOut(Effect effect) {
        switch (effect) {
            case Effect.DispatchTask t -> outstanding.add(new Task(t.stepId(), t.attempt()));
            case Effect.StartTimer t -> armed.put(t.timerId(),
                    new ArmedTimer(new FireTimer(t.kind(), t.stepId(), t.attempt()), t.dueAt()));
            case Effect.CancelTimer t -> {
                ArmedTimer gone = armed.remove(t.timerId());
                if (gone != null) {
                    spent.add(gone.command());
                }
            }
            case Effect.CancelAllTimers t -> {
                armed.values().forEach(a -> spent.add(a.command()));
                armed.clear();
            }
            case Effect.RecordDeadLetter f -> openDeadLetters.add(nextDeadLetter++);
            case Effect.ResolveDeadLetter r -> openDeadLetters.remove(r.deadLetterId());
            // A child's end comes back as its parent attempt's result: like a task, whatever it does meanwhile.
            case Effect.StartWorkflow w when w.parent() != null -> {
                TaskIds.TaskRef ref = TaskIds.parse(w.requestId()).orElseThrow();
                outstanding.add(new Task(ref.stepId(), ref.attempt()));
            }
            case Effect.StartWorkflow w -> { }
            case Effect.ReportToParent r -> { }
            case Effect.CancelChild c -> { }
        }
    }
}
