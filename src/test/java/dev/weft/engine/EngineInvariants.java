package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.ExecutionEvent.*;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties every decision must keep, whatever the command: checked after each decision by the
 * scenario fixture and by the simulation, so every test proves them on its own schedule.
 */
final class EngineInvariants {
    private EngineInvariants() {
    }

    /**
     * @param history every event of the execution, the decision's included
     * @return the step transitions the decision made (already checked against the table)
     */
    static List<StepTransitionTable.Transition> check(WorkflowDefinition definition, ExecutionState before,
                                                  Decision decision, List<ExecutionEvent> history) {
        return check(definition, before, decision, EventApplier.replay(history, Blueprint.of(definition)),
                history.size());
    }

    /**
     * @param replayed   the caller's own replay of the whole history, decision included (a long
     *                   simulation folds each decision's events onto its previous replay
     *                   instead of starting over from {@link ExecutionState#EMPTY} every time)
     * @param eventCount events in the history, decision included
     */
    static List<StepTransitionTable.Transition> check(WorkflowDefinition definition, ExecutionState before,
                                                  Decision decision, ExecutionState replayed, long eventCount) {
        Blueprint blueprint = Blueprint.of(definition);
        assertThat(replayed).as("replaying the history rebuilds the decided state").isEqualTo(decision.state());
        assertThat(decision.state().sequence()).as("sequence numbers are dense").isEqualTo(eventCount);
        boolean reopens = decision.events().stream().anyMatch(e -> e instanceof ExecutionReopened);
        if (before.isTerminal() && !reopens) {
            assertThat(decision.events()).as("an ended execution only records ignored results and discards")
                    .allMatch(e -> e instanceof ResultIgnored || e instanceof DeadLetterDiscarded);
        }
        List<StepTransitionTable.Transition> transitions = new ArrayList<>();
        ExecutionState state = before;
        for (ExecutionEvent event : decision.events()) {
            // The decision that ends an execution also records the workflows chained to its end.
            boolean chainedAtTheEnd = event instanceof ExecutionEvent.WorkflowChained && !before.isTerminal();
            assertThat(state.isTerminal() && !(event instanceof ResultIgnored) && !(event instanceof DeadLetterDiscarded)
                    && !(event instanceof ExecutionReopened) && !chainedAtTheEnd)
                    .as("no event follows the terminal one but a reopening: %s", event).isFalse();
            ExecutionState next = EventApplier.apply(state, event, blueprint);
            eventRules(definition, state, event, next, decision);
            transitions.addAll(StepTransitions.observe(state, event, next));
            state = next;
        }
        effectRules(before, decision);
        if (decision.state().isStarted()) {
            stateRules(definition, decision.state());
        }
        return transitions;
    }

    /** The instance of dependency {@code dep} of {@code instance}: the one in the same scope. */
    static String beside(String instance, String dep) {
        return TaskIds.isTopLevel(instance) ? dep : instance.substring(0, instance.lastIndexOf('.') + 1) + dep;
    }

    static List<String> stepIds(WorkflowDefinition definition) {
        return definition.steps().stream().map(StepDefinition::id).toList();
    }

    private static void eventRules(WorkflowDefinition definition, ExecutionState before, ExecutionEvent event,
                                   ExecutionState after, Decision decision) {
        switch (event) {
            case TaskDispatched e -> {
                assertThat(before.isPaused()).as("'%s' dispatched while the execution is paused", e.stepId())
                        .isFalse();
                StepDefinition def = Blueprint.of(definition, before).definitionOf(e.stepId());
                assertThat(def.isBuiltIn()).as("a built-in step '%s' never has a task", e.stepId()).isFalse();
                if (def.join().isAll()) {
                    for (String dep : def.dependsOn()) {
                        StepState d = before.step(beside(e.stepId(), dep));
                        assertThat(d.status().isEnded() && !d.blocksDependents())
                                .as("'%s' dispatched while its dependency '%s' is %s", e.stepId(), dep, d.status())
                                .isTrue();
                    }
                    assertThat(def.dependsOn().isEmpty() || def.dependsOn().stream()
                            .anyMatch(dep -> !before.step(beside(e.stepId(), dep)).branchSkipped()))
                            .as("'%s' dispatched on a dead path", e.stepId()).isTrue();
                } else {
                    long arrived = def.dependsOn().stream().map(dep -> before.step(beside(e.stepId(), dep)))
                            .filter(d -> d.status() == StepStatus.COMPLETED
                                    || d.status() == StepStatus.SKIPPED && !d.blocksDependents() && !d.branchSkipped())
                            .count();
                    assertThat(arrived).as("dependencies of '%s' arrived before its dispatch (join %s)", e.stepId(),
                            def.join()).isGreaterThanOrEqualTo(def.join().required(def.dependsOn().size()));
                }
                assertThat(after.countRunningTasks()).as("running tasks")
                        .isLessThanOrEqualTo(definition.limits().maxParallel());
                assertThat(after.tasksDispatched()).isLessThanOrEqualTo(definition.limits().maxTasks());
                assertThat(e.attempt()).as("attempt of '%s'", e.stepId())
                        .isEqualTo(before.step(e.stepId()).attempt() + 1);
                assertThat(e.attempt() - before.step(e.stepId()).attemptBase()).as("attempts counted of '%s'", e.stepId())
                        .isLessThanOrEqualTo(def.retry().maxAttempts());
                assertThat(decision.effects()).as("effects of %s", e)
                        .anyMatch(f -> f instanceof Effect.DispatchTask t && t.taskId().equals(e.taskId())
                                && t.deadline().equals(e.deadline()) && t.attempt() == e.attempt())
                        .anyMatch(f -> f instanceof Effect.StartTimer t && t.kind() == TimerKind.TASK_DEADLINE
                                && t.stepId().equals(e.stepId()) && t.attempt() == e.attempt()
                                && t.dueAt().equals(e.deadline()));
            }
            case RetryScheduled e -> {
                assertThat(e.nextAttempt() - before.step(e.stepId()).attemptBase()).isLessThanOrEqualTo(
                        Blueprint.of(definition, before).definitionOf(e.stepId()).retry().maxAttempts());
                assertThat(decision.effects()).as("effects of %s", e)
                        .anyMatch(f -> f instanceof Effect.StartTimer t && t.kind() == TimerKind.RETRY_BACKOFF
                                && t.stepId().equals(e.stepId()) && t.attempt() == e.nextAttempt()
                                && t.dueAt().equals(e.dueAt()));
            }
            case TaskHeld e -> assertThat(before.isPaused()).as("'%s' asked the gate while paused", e.stepId())
                    .isFalse();
            case ExecutionPaused e -> assertThat(before.status()).as("status paused").isEqualTo(ExecutionStatus.RUNNING);
            case TimerDeferred e -> assertThat(before.isPaused()).as("a timer deferred while not paused").isTrue();
            case ExecutionResumed e -> {
                assertThat(before.isPaused()).as("resumed while not paused").isTrue();
                assertThat(e.deadline()).as("the pause does not count against the workflow timeout")
                        .isEqualTo(before.deadline().plus(java.time.Duration.between(before.pause().since(), e.at())));
                assertThat(decision.effects()).as("effects of %s", e)
                        .anyMatch(f -> f instanceof Effect.StartTimer t && t.kind() == TimerKind.WORKFLOW_DEADLINE
                                && t.dueAt().equals(e.deadline()));
            }
            case StepEvaluated e -> {
                assertThat(Blueprint.of(definition, before).definitionOf(e.stepId()).isBuiltIn())
                        .as("only a built-in step is evaluated: '%s'", e.stepId()).isTrue();
                assertThat(decision.effects()).as("a built-in step has no task").noneMatch(f ->
                        f instanceof Effect.DispatchTask t && t.stepId().equals(e.stepId()));
            }
            case StepSkipped e when e.branch() -> assertThat(e.blocksDependents())
                    .as("a branch decision does not block like a failure: %s", e).isFalse();
            case ResultIgnored e -> assertThat(after).as("an ignored result changes nothing but its count")
                    .isEqualTo(before.withSequence(before.sequence() + 1)
                            .withIgnoredResults(before.ignoredResults() + 1));
            default -> { }
        }
    }

    private static void effectRules(ExecutionState before, Decision decision) {
        boolean ended = !before.isTerminal() && decision.state().isTerminal()
                || before.isTerminal() && decision.state().isTerminal()
                && decision.events().stream().anyMatch(e -> e instanceof ExecutionReopened);
        long cancelAll = decision.effects().stream().filter(f -> f instanceof Effect.CancelAllTimers).count();
        assertThat(cancelAll).as("CancelAllTimers exactly when the execution ends").isEqualTo(ended ? 1 : 0);
        if (decision.state().isPaused()) {
            assertThat(decision.effects()).as("a paused execution sends no task")
                    .noneMatch(f -> f instanceof Effect.DispatchTask);
        }
        long dispatches = decision.events().stream().filter(e -> e instanceof TaskDispatched).count();
        assertThat(decision.effects().stream().filter(f -> f instanceof Effect.DispatchTask).count())
                .as("one DispatchTask per TaskDispatched").isEqualTo(dispatches);
    }

    private static void stateRules(WorkflowDefinition definition, ExecutionState state) {
        for (StepDefinition def : definition.steps()) {
            if (def.kind().ownsScope()) {
                continue; // a loop's attempt is its round, a state machine's its visits: no retry budget
            }
            assertThat(state.step(def.id()).attemptsCounted()).as("attempts counted of '%s'", def.id())
                    .isLessThanOrEqualTo(def.retry().maxAttempts());
        }
        if (state.status() == ExecutionStatus.COMPLETED) {
            assertThat(state.steps().values()).as("a completed execution has no cancelled step")
                    .allMatch(s -> s.status().isEnded() && s.status() != StepStatus.CANCELLED);
        }
        assertThat(state.pause() != null).as("pause details exactly while paused").isEqualTo(state.isPaused());
        if (state.isTerminal()) {
            assertThat(state.steps().values()).as("an ended execution has no open step")
                    .allMatch(s -> s.status().isEnded());
            return;
        }
        // Never level by level: a step whose own dependencies have all ended has moved on.
        for (StepDefinition def : definition.steps()) {
            if (state.step(def.id()).status() == StepStatus.PENDING) {
                assertThat(def.dependsOn()).as("dependencies of PENDING step '%s'", def.id())
                        .anyMatch(dep -> !state.step(dep).status().isEnded());
            }
        }
        if (state.isPaused()) {
            return; // it waits for its resume: ready steps stay ready, due timers are deferred
        }
        // Liveness: a running execution always waits for something that will happen by itself
        // (a result, a deadline, a backoff timer); never for nothing.
        assertThat(state.countSteps(StepStatus.RUNNING) + state.countSteps(StepStatus.RETRY_WAIT)
                + state.countSteps(StepStatus.HELD))
                .as("a running execution waits for a task, a retry or its capability's circuit").isPositive();
        if (state.countSteps(StepStatus.READY) > 0) {
            assertThat(state.countRunningTasks()).as("a READY step waits only for a free slot")
                    .isEqualTo(definition.limits().maxParallel());
        }
    }
}
