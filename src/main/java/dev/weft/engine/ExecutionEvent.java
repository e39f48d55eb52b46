package dev.weft.engine;

import java.time.Instant;
import java.util.Map;

/**
 * Everything that happened to an execution, in order. The list of events is the execution's
 * truth, its audit trail and its history: state is only ever derived from it
 * ({@link EventApplier}). Events are immutable facts: an added optional field keeps the schema
 * version (older rows read it as null); a changed meaning needs a new version in the store.
 */
public sealed interface ExecutionEvent {

    /** When the engine decided it (the injected clock), not when it was stored. */
    Instant at();

    /** The step the event concerns, or null for execution-level events. */
    default String stepId() {
        return null;
    }

    /**
     * @param traceparent        the W3C trace context every task of the execution continues, or null
     * @param requestFingerprint the start request's fingerprint, when it had a request id (null in older events)
     * @param parent             for a child execution, its parent step's attempt (ADR 0009); else null (and in older events)
     * @param rollout            what the rollout flag decided (ADR 0015): shadow or live, and the flag value that
     *                           applied; null in events from before the flag, which ran live
     */
    record ExecutionStarted(String executionId, String tenant, String workflow, int version,
                            Map<String, Object> input, String requestId, String requestFingerprint, Instant deadline,
                            String traceparent, ParentLink parent, RolloutDecision rollout, Instant at)
            implements ExecutionEvent {

        /** Live, as every execution was before the rollout flag. */
        public ExecutionStarted(String executionId, String tenant, String workflow, int version,
                                Map<String, Object> input, String requestId, String requestFingerprint,
                                Instant deadline, String traceparent, ParentLink parent, Instant at) {
            this(executionId, tenant, workflow, version, input, requestId, requestFingerprint, deadline, traceparent,
                    parent, null, at);
        }

        /** Whether the execution runs in shadow (ADR 0015). */
        public boolean shadow() {
            return RolloutDecision.isShadow(rollout);
        }

        /** An execution that is nobody's child. */
        public ExecutionStarted(String executionId, String tenant, String workflow, int version,
                                Map<String, Object> input, String requestId, String requestFingerprint,
                                Instant deadline, String traceparent, Instant at) {
            this(executionId, tenant, workflow, version, input, requestId, requestFingerprint, deadline, traceparent,
                    null, at);
        }
    }

    /** The step's dependencies ended (attempt 1) or its retry backoff ran out (attempt n). */
    record StepReady(String stepId, int attempt, Instant at) implements ExecutionEvent {
    }

    /**
     * The task for one attempt was handed to the broker with its resolved input. It holds all
     * the task message says of the attempt, so a message lost with a replica is rebuilt from it
     * (ADR 0016).
     *
     * @param queueDeadline by when an agent must say it started, or null (also in events stored
     *                      before the field existed)
     */
    record TaskDispatched(String stepId, int attempt, String taskId, String agent, Object input,
                          Instant deadline, Instant queueDeadline, Instant at) implements ExecutionEvent {

        /** Without a queue deadline. */
        public TaskDispatched(String stepId, int attempt, String taskId, String agent, Object input,
                              Instant deadline, Instant at) {
            this(stepId, attempt, taskId, agent, input, deadline, null, at);
        }
    }

    record TaskCompleted(String stepId, int attempt, String taskId, String agentId, Object output, Instant at)
            implements ExecutionEvent {
    }

    record TaskFailed(String stepId, int attempt, String taskId, String agentId, ErrorInfo error, Instant at)
            implements ExecutionEvent {
    }

    /** An agent said it started the attempt (sent only for tasks with a queue timeout). */
    record TaskStarted(String stepId, int attempt, String taskId, String agentId, Instant at)
            implements ExecutionEvent {
    }

    /**
     * The attempt had no result by its deadline, or no agent started it by its queue deadline.
     *
     * @param timeout {@code queue} for the schedule-to-start deadline; null (older events) or {@code task}
     */
    record TaskTimedOut(String stepId, int attempt, String taskId, String timeout, Instant at)
            implements ExecutionEvent {

        public static final String QUEUE = "queue";
        public static final String TASK = "task";

        public boolean isQueueTimeout() {
            return QUEUE.equals(timeout);
        }
    }

    /**
     * A workflow step's attempt started a child execution (ADR 0009) and waits for its end, which
     * comes back as this attempt's result (TaskCompleted or TaskFailed, agent {@code workflow:<child>}).
     *
     * @param taskId           the attempt's task id: the child's request id
     * @param childExecutionId derived from the task id, so it is known before the child exists
     * @param version          the version asked for, 0 for the default one
     * @param deadline         when the parent stops waiting (the step's timeout) and cancels the child
     */
    record ChildStarted(String stepId, int attempt, String taskId, String childExecutionId, String workflow,
                        int version, Map<String, Object> input, Instant deadline, Instant at)
            implements ExecutionEvent {
    }

    /** The step is ready, but its task may not go out now; it waits until it may. */
    record TaskHeld(String stepId, String capability, String reason, Instant at) implements ExecutionEvent {
    }

    /** A held step may try again: its capability's breaker half-opened or closed (the reason says which). */
    record TaskReleased(String stepId, String capability, String reason, Instant at) implements ExecutionEvent {
    }

    record RetryScheduled(String stepId, int nextAttempt, Instant dueAt, Instant at) implements ExecutionEvent {
    }

    /** Retries are spent (or the failure cannot be retried); on_error decides what follows. */
    record StepFailed(String stepId, ErrorInfo error, Instant at) implements ExecutionEvent {
    }

    /**
     * The step will not run (or its failure is tolerated by on_error: skip).
     *
     * @param blocksDependents true when the skip comes from a failure its dependents must not
     *                         run past (a failed dependency); false for on_error: skip
     * @param branch           true when a branch decided it: its {@code when} was false (reason {@code when}),
     *                         every dependency was skipped by a branch (a dead path), or a join's
     *                         cancel_others; its dependents then see a dead path, not a failure (false in older events)
     * @param condition        for reason {@code when}: the condition that decided it, else null
     * @param value            for reason {@code when}: the value the condition had, else null
     */
    record StepSkipped(String stepId, String reason, boolean blocksDependents, boolean branch, String condition,
                       Object value, Instant at) implements ExecutionEvent {

        /** The reason the step's {@code when} condition was false. */
        public static final String WHEN = "when";

        public StepSkipped(String stepId, String reason, boolean blocksDependents, Instant at) {
            this(stepId, reason, blocksDependents, false, null, null, at);
        }
    }

    /** A sleep step waits on a timer until {@code until}; its StepEvaluated follows when the timer fires. */
    record SleepStarted(String stepId, Instant until, Instant at) implements ExecutionEvent {
    }

    /**
     * A built-in step (switch, aggregate, transform, validate) decided inside the decision that made
     * it ready: completed with its output, without a task.
     *
     * @param kind the step's kind keyword, e.g. {@code switch}
     */
    record StepEvaluated(String stepId, String kind, Object output, Instant at) implements ExecutionEvent {
    }

    /**
     * A foreach evaluated its items, once (a replay reads them here and never evaluates them again):
     * the step runs, and each item's instances ({@code <step>[<index>]...}) wait to start (ADR 0005).
     */
    record ItemsExpanded(String stepId, java.util.List<Object> items, Instant at) implements ExecutionEvent {
    }

    /**
     * A state machine enters a state (ADR 0011): visit {@code visit} of it ({@code <step>.<state>},
     * then {@code <step>.<state>#<visit>}) waits to start. After the first, it records the transition
     * that led here: the state left, the transition's index in that state's list, its condition
     * (null: one that always holds) and the value it had.
     */
    record StateEntered(String stepId, String state, int visit, String from, Integer transition, String condition,
                        Object value, Instant at) implements ExecutionEvent {
    }

    /**
     * A dynamic step's task specs, evaluated and checked once (a replay reads them here and never
     * evaluates them again): the step runs, and each task's instance ({@code <step>.<task id>})
     * waits to start (ADR 0011).
     *
     * @param tasks each {@code {id, agent, input, depends_on}}, ids filled in
     */
    record TasksPlanned(String stepId, java.util.List<Map<String, Object>> tasks, Instant at) implements ExecutionEvent {
    }

    /** A loop starts a round: the body's instances of that round ({@code <step>#<round>.<body step>}) wait to start. */
    record RoundStarted(String stepId, int round, Instant at) implements ExecutionEvent {
    }

    /**
     * A loop's round ended: its until condition, the value it had, and what follows.
     *
     * @param outcome {@link #AGAIN}, {@link #UNTIL} (the condition held) or {@link #MAX_ITERATIONS}
     */
    record RoundEnded(String stepId, int round, String condition, Object value, String outcome, Instant at)
            implements ExecutionEvent {
        public static final String AGAIN = "again";
        public static final String UNTIL = "until";
        public static final String MAX_ITERATIONS = "max_iterations";
    }

    /**
     * A wait step started waiting (attempt {@code attempt}) for the first of these events; RUNNING
     * without a task. The correlation keys are resolved, so the history shows what exactly it waits for.
     *
     * @param timeoutAt when the attempt fails with {@code wait_timeout}, or null
     */
    record WaitStarted(String stepId, int attempt, java.util.List<Awaited> anyOf, Instant timeoutAt, Instant at)
            implements ExecutionEvent {
        public WaitStarted {
            anyOf = java.util.List.copyOf(anyOf);
        }

        /** @param correlation the resolved key, or null: any signal of that event sent to the execution */
        public record Awaited(String event, String correlation) {
        }
    }

    /**
     * A signal reached the execution (SignalExecution). Execution-level: a waiting step that matches
     * consumes it at once (WaitCompleted follows); otherwise it stays in the execution's inbox for a later wait.
     *
     * @param signalId    the sender's id for deduplication, or null
     * @param correlation the key it was addressed by, or null (sent by execution id only)
     * @param sentBy      who sent it (the x-weft-caller header), or null
     */
    record SignalReceived(String signalId, String event, String correlation, Object payload, String sentBy,
                          Instant at) implements ExecutionEvent {
    }

    /**
     * A wait step consumed a signal and completed with {@code output}.
     *
     * @param signal the sequence number of the signal's SignalReceived event
     * @param index  which entry of the wait's any_of it matched (0 for a single event)
     */
    record WaitCompleted(String stepId, long signal, String event, int index, Object output, Instant at)
            implements ExecutionEvent {
    }

    /**
     * A wait or approval step's attempt waited until its timeout; its retry and on_error rules follow.
     *
     * @param kind {@code wait} or {@code approval}
     */
    record WaitTimedOut(String stepId, int attempt, String kind, Instant at) implements ExecutionEvent {
        public static final String WAIT = "wait";
        public static final String APPROVAL = "approval";
    }

    /**
     * An approval step asks for a decision (DecideApproval); RUNNING without a task.
     *
     * @param prompt    the resolved prompt
     * @param approvers who may decide; empty = anyone of the tenant
     * @param timeoutAt when the attempt fails with {@code approval_timeout}, or null
     */
    record ApprovalRequested(String stepId, int attempt, String prompt, java.util.List<String> approvers,
                             Instant timeoutAt, Instant at) implements ExecutionEvent {
        public ApprovalRequested {
            approvers = java.util.List.copyOf(approvers);
        }
    }

    /**
     * Someone decided a pending approval: approved, the step completes; rejected, it fails
     * ({@code approval_rejected}) and its on_error applies.
     *
     * @param by      the caller who decided (x-weft-caller)
     * @param comment why, or null
     */
    record ApprovalDecided(String stepId, int attempt, boolean approved, String by, String comment, Instant at)
            implements ExecutionEvent {
    }

    /**
     * A result that changes nothing (duplicate, superseded, too late) — kept for the audit.
     *
     * @param error what a failure result said, or null (older events have none)
     */
    record ResultIgnored(String stepId, int attempt, String taskId, String agentId, String reason, ErrorInfo error,
                         Instant at) implements ExecutionEvent {
    }

    /**
     * An operator had a failed step run again (replaying its dead letter): it is ready for a new
     * attempt, with a fresh retry budget.
     *
     * @param deadLetterId the dead letter replayed, or null
     */
    record StepRetried(String stepId, Long deadLetterId, String reason, Instant at) implements ExecutionEvent {
    }

    /**
     * The step failed for good (its retries spent, or a failure that is not retried) and has a
     * fallback: instead of its on_error, the fallback task runs (READY again, a fresh retry budget);
     * its output takes the step's place, and if it fails too, on_error applies.
     *
     * @param agent the fallback's capability
     * @param error the step's failure, which the fallback's input templates see as {@code error}
     */
    record FallbackStarted(String stepId, String agent, ErrorInfo error, Instant at) implements ExecutionEvent {
    }

    /** A step skipped behind a failure that is being retried: it waits for its dependencies again. */
    record StepReset(String stepId, String reason, Instant at) implements ExecutionEvent {
    }

    /**
     * A failed execution runs again from its failed step (an operator replayed its dead letter):
     * the step is ready for a new attempt, the steps its end cancelled wait again, and the
     * execution has a new deadline.
     */
    record ExecutionReopened(String stepId, Long deadLetterId, String reason, Instant deadline, Instant at)
            implements ExecutionEvent {
    }

    /**
     * A failure retries could not fix (a step that failed for good, or the failure threshold).
     *
     * @param stepId   the step, or null for the execution's failure threshold
     * @param workflow the workflow started with the failure as its input, or null
     */
    record EscalationRaised(String stepId, ErrorInfo error, String workflow, Instant at) implements ExecutionEvent {
    }

    /**
     * The execution ended and started a chained workflow (or could not: {@code refused} says why,
     * and nothing was started).
     *
     * @param on        {@code on_complete} or {@code on_failure}
     * @param index     the chain's position in that list
     * @param requestId the start's request id, which makes a repeated start return the first execution
     */
    record WorkflowChained(String on, int index, String workflow, String requestId, Object input, String refused,
                           Instant at) implements ExecutionEvent {
    }

    /** An operator set a dead letter of this execution aside without replaying it. */
    record DeadLetterDiscarded(long deadLetterId, String reason, Instant at) implements ExecutionEvent {
    }

    /**
     * An operator paused the execution: no task goes out until it is resumed.
     *
     * @param requestedBy who asked, or null when the request did not say
     */
    record ExecutionPaused(String reason, String requestedBy, Instant at) implements ExecutionEvent {
    }

    /**
     * A timer fell due while the execution was paused: it fires when the execution is resumed.
     *
     * @param stepId the step of a step timer, null for the workflow deadline
     */
    record TimerDeferred(TimerKind kind, String stepId, int attempt, Instant at) implements ExecutionEvent {
    }

    /**
     * An operator resumed a paused execution. Time spent paused does not count against the
     * workflow timeout, so the deadline moves by the length of the pause (ADR 0006).
     *
     * @param requestedBy who asked, or null when the request did not say
     * @param deadline    the execution's deadline from now on
     */
    record ExecutionResumed(String reason, String requestedBy, Instant deadline, Instant at)
            implements ExecutionEvent {
    }

    record ExecutionCompleted(Object output, Instant at) implements ExecutionEvent {
    }

    record ExecutionFailed(ErrorInfo error, Instant at) implements ExecutionEvent {
    }

    record ExecutionCancelled(String reason, Instant at) implements ExecutionEvent {
    }

    record ExecutionTimedOut(Instant at) implements ExecutionEvent {
    }
}
