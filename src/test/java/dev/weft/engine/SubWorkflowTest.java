package dev.weft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.Command.RecordTaskResult;
import dev.weft.engine.Command.StartExecution;
import dev.weft.engine.ExecutionEvent.ChildStarted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code workflow:} step runs a child execution per attempt (ADR 0009): the child starts through
 * the outbox with a derived id, its end is the attempt's result, and the parent cancels a child it
 * no longer waits for.
 */
class SubWorkflowTest {
    static final String PARENT = """
            name: report
            steps:
              - { id: plan, agent: planner }
              - id: research
                depends_on: [plan]
                workflow: { name: deep-research, version: 2 }
                input: { topic: "{{ steps.plan.output.topic }}" }
                timeout: 2h
                retry: { max_attempts: 2, backoff: fixed, initial_interval: 1s }
              - { id: write, agent: writer, depends_on: [research], input: { facts: "{{ steps.research.output.facts }}" } }
            output: { facts: "{{ steps.research.output.facts }}" }
            """;

    static final String TASK_1 = "ex-1:research:1";

    private static EngineScenario childRunning() {
        return EngineScenario.given(PARENT).started().succeeds("plan", 1, Map.of("topic", "tides"));
    }

    private static RecordTaskResult childEnded(int attempt, boolean succeeded, Object output, ErrorInfo error) {
        String child = TaskIds.childExecutionId("ex-1:research:" + attempt);
        return new RecordTaskResult("research", attempt, TaskIds.childAgentId(child), succeeded, output, error);
    }

    @Test
    void aReadyWorkflowStepStartsItsChildWithTheResolvedInputAndADerivedId() {
        EngineScenario s = childRunning();

        ChildStarted started = s.event(ChildStarted.class);
        assertThat(started.taskId()).isEqualTo(TASK_1);
        assertThat(started.childExecutionId()).isEqualTo(TaskIds.childExecutionId(TASK_1));
        assertThat(started.workflow()).isEqualTo("deep-research");
        assertThat(started.version()).isEqualTo(2);
        assertThat(started.input()).isEqualTo(Map.of("topic", "tides"));
        assertThat(started.deadline()).isEqualTo(s.state().step("research").deadline());
        assertThat(s.effects(Effect.StartWorkflow.class)).containsExactly(new Effect.StartWorkflow("deep-research", 2,
                Map.of("topic", "tides"), TASK_1, new ParentLink("ex-1", TASK_1, 1)));
        assertThat(s.effects(Effect.StartTimer.class)).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TimerKind.TASK_DEADLINE);
            assertThat(t.dueAt()).isEqualTo(EngineScenario.T0.plus(Duration.ofHours(2)));
        });
        s.thenStep("research", StepStatus.RUNNING);
        assertThat(s.effects(Effect.DispatchTask.class)).as("a child is no agent task").isEmpty();
        assertThat(s.state().tasksDispatched()).as("only agent tasks count toward max_tasks").isEqualTo(1);
    }

    @Test
    void theChildsOutputIsTheStepsOutput() {
        EngineScenario s = childRunning().when(childEnded(1, true, Map.of("facts", List.of("high", "low")), null));

        s.thenStep("research", StepStatus.COMPLETED).thenDispatched("write");
        assertThat(s.dispatchedInput("write")).isEqualTo(Map.of("facts", List.of("high", "low")));
        assertThat(s.state().step("research").agentId()).isEqualTo(TaskIds.childAgentId(
                TaskIds.childExecutionId(TASK_1)));
        assertThat(s.effects(Effect.CancelChild.class)).as("the child ended by itself").isEmpty();
    }

    @Test
    void aFailedChildIsRetriedAsANewChildThenFailsTheStep() {
        EngineScenario s = childRunning()
                .when(childEnded(1, false, null, new ErrorInfo("child_failed", "it broke", true)));
        s.thenStep("research", StepStatus.RETRY_WAIT);

        s.backoffEnds("research");
        ChildStarted second = s.event(ChildStarted.class);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.childExecutionId()).isNotEqualTo(TaskIds.childExecutionId(TASK_1));

        s.when(childEnded(2, false, null, new ErrorInfo("child_failed", "it broke again", true)));
        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.effects(Effect.RecordDeadLetter.class)).as("replayable like a task")
                .singleElement().satisfies(f -> assertThat(f.taskId()).isEqualTo("ex-1:research:2"));
    }

    @Test
    void aCancelledChildIsNotRetried() {
        EngineScenario s = childRunning()
                .when(childEnded(1, false, null, new ErrorInfo("child_cancelled", "someone stopped it", false)));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error().type()).isEqualTo("child_cancelled");
    }

    @Test
    void whenTheParentStopsWaitingAtTheStepsTimeoutTheChildIsCancelled() {
        EngineScenario s = childRunning().deadlinePasses("research");

        s.thenStep("research", StepStatus.RETRY_WAIT);
        assertThat(s.effects(Effect.CancelChild.class)).singleElement().satisfies(c -> {
            assertThat(c.childExecutionId()).isEqualTo(TaskIds.childExecutionId(TASK_1));
            assertThat(c.reason()).contains("step 'research' is RETRY_WAIT (task_timeout)");
        });
    }

    @Test
    void cancellingTheParentCancelsItsRunningChild() {
        EngineScenario s = childRunning().cancelled("not needed");

        assertThat(s.effects(Effect.CancelChild.class)).extracting(Effect.CancelChild::childExecutionId)
                .containsExactly(TaskIds.childExecutionId(TASK_1));
    }

    @Test
    void aChildThatWouldEndInTheDecisionThatStartsItIsNotStartedAtAll() {
        EngineScenario s = EngineScenario.given("""
                name: racing
                steps:
                  - { id: sub, workflow: other }
                  - { id: stop, fail: { type: no_go, message: "stop" } }
                """).started();

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.history()).anyMatch(e -> e instanceof ChildStarted);
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
        assertThat(s.effects(Effect.CancelChild.class)).isEmpty();
    }

    @Test
    void aLateResultOfAnEarlierChildCompletesTheStepAndCancelsTheCurrentOne() {
        EngineScenario s = childRunning().deadlinePasses("research").backoffEnds("research")
                .when(childEnded(1, true, Map.of("facts", List.of()), null));

        s.thenStep("research", StepStatus.COMPLETED);
        assertThat(s.effects(Effect.CancelChild.class)).extracting(Effect.CancelChild::childExecutionId)
                .containsExactly(TaskIds.childExecutionId("ex-1:research:2"));
    }

    @Test
    void aDuplicateReportOfTheChildsEndChangesNothing() {
        EngineScenario s = childRunning().when(childEnded(1, true, Map.of("facts", List.of()), null))
                .when(childEnded(1, true, Map.of("facts", List.of()), null));

        assertThat(s.event(ExecutionEvent.ResultIgnored.class).reason()).isEqualTo("duplicate result");
    }

    @Test
    void aChildReportsItsEndToItsParent() {
        ParentLink parent = new ParentLink("parent-1", "parent-1:research:1", 1);
        EngineScenario s = EngineScenario.given("""
                name: deep-research
                steps: [ { id: look, agent: searcher } ]
                output: { facts: "{{ steps.look.output }}" }
                """).when(new StartExecution("ex-1", "tenant-1", Map.of(), "parent-1:research:1", null, null, parent));
        assertThat(s.state().parent()).isEqualTo(parent);
        assertThat(s.state().depth()).isEqualTo(1);

        s.succeeds("look", 1, List.of("high"));
        assertThat(s.effects(Effect.ReportToParent.class)).containsExactly(new Effect.ReportToParent(parent, "ex-1",
                true, Map.of("facts", List.of("high")), null));
    }

    @Test
    void aFailedOrCancelledChildReportsAFailureNamingItself() {
        ParentLink parent = new ParentLink("parent-1", "parent-1:research:1", 1);
        String child = """
                name: deep-research
                steps: [ { id: look, agent: searcher, retry: { max_attempts: 1 } } ]
                """;
        StartExecution start = new StartExecution("ex-1", "tenant-1", Map.of(), "r", null, null, parent);

        Effect.ReportToParent failed = EngineScenario.given(child).when(start).fails("look", 1)
                .effects(Effect.ReportToParent.class).getFirst();
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error().type()).isEqualTo("child_failed");
        assertThat(failed.error().retryable()).isTrue();
        assertThat(failed.error().message()).startsWith("child execution ex-1 of workflow 'deep-research' failed: "
                + "agent_error:");

        Effect.ReportToParent cancelled = EngineScenario.given(child).when(start).cancelled("by hand")
                .effects(Effect.ReportToParent.class).getFirst();
        assertThat(cancelled.error().type()).isEqualTo("child_cancelled");
        assertThat(cancelled.error().retryable()).isFalse();
    }

    @Test
    void aChildDeeperThanTheStepsMaxDepthFailsTheStepWithoutStartingIt() {
        EngineScenario s = EngineScenario.given("""
                name: recursive
                steps:
                  - { id: again, workflow: { name: recursive, max_depth: 3 } }
                """).when(new StartExecution("ex-1", "tenant-1", Map.of(), "r", null, null,
                new ParentLink("p", "p:again:1", 3)));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error().type()).isEqualTo("max_depth_exceeded");
        assertThat(s.state().error().message()).contains("4 levels deep", "max_depth is 3");
        assertThat(s.history()).noneMatch(e -> e instanceof ChildStarted);
        assertThat(s.effects(Effect.StartWorkflow.class)).isEmpty();
    }

    @Test
    void aChildTakesASlotOfMaxParallel() {
        EngineScenario s = EngineScenario.given("""
                name: narrow
                limits: { max_parallel: 1 }
                steps:
                  - { id: sub, workflow: other }
                  - { id: task, agent: w }
                """).started();

        assertThat(s.state().countRunningTasks()).isEqualTo(1);
        assertThat(s.effects(Effect.DispatchTask.class).size() + s.effects(Effect.StartWorkflow.class).size())
                .isEqualTo(1);
    }

    @Test
    void aChildInputThatIsNotAnObjectFailsTheStep() {
        EngineScenario s = EngineScenario.given("""
                name: bad-input
                steps:
                  - { id: sub, workflow: other, input: "{{ input.list }}" }
                """).startedWith(Map.of("list", List.of(1L)));

        s.thenStatus(ExecutionStatus.FAILED);
        assertThat(s.state().error().type()).isEqualTo("expression_error");
        assertThat(s.state().error().message()).contains("expected the child's input to be an object");
    }
}
