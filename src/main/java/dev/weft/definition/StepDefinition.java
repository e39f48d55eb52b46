package dev.weft.definition;

import java.time.Duration;
import java.util.List;

/**
 * One step: a task for an agent with a capability, or a built-in step ({@link StepKind}).
 *
 * @param id            unique in its workflow, [A-Za-z_][A-Za-z0-9_]{0,63}; no hyphen, since it is read in
 *                      expressions as steps.&lt;id&gt;
 * @param kind          what the step is; {@link StepKind.Agent} routes the task to that capability's address
 * @param input         template tree resolved just before dispatch, or null (agent steps only)
 * @param dependsOn     ids of steps that must end first; empty = starts at once
 * @param timeout       deadline of one attempt (default 1 h)
 * @param retry         what happens after a failed or timed-out attempt
 * @param onError       what happens once the retries are spent
 * @param queueTimeout  how long an attempt may wait for an agent to start it (schedule-to-start), or null
 * @param onCircuitOpen what a new attempt does while its capability's circuit breaker is open
 * @param when          a CEL condition evaluated once the step's dependencies allow it to run; false skips
 *                      it (reason {@code when}); null = always
 * @param join          how many dependencies must complete; {@link Join#ALL} by default
 * @param fallback      the task that runs instead when the step fails for good, or null
 */
public record StepDefinition(
        String id,
        StepKind kind,
        Object input,
        List<String> dependsOn,
        Duration timeout,
        RetryPolicy retry,
        OnError onError,
        Duration queueTimeout,
        CircuitPolicy onCircuitOpen,
        String when,
        Join join,
        Fallback fallback) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    /** While the capability's circuit breaker is open: wait for it to close, or fail the attempt at once. */
    public enum CircuitPolicy { HOLD, FAIL }

    public StepDefinition {
        dependsOn = List.copyOf(dependsOn);
    }

    /**
     * A task for another capability that runs once the step has failed for good (its retries
     * spent): its output takes the step's place; if it fails too, the step's on_error applies.
     *
     * @param input a template tree that also sees {@code error} (the step's failure: type, message)
     */
    public record Fallback(String agent, Object input) {
    }

    /** What a step id (and a dynamic task's id) looks like: no hyphen, as ids are read in expressions as {@code steps.<id>}. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** What a capability name looks like, as the agent protocol defines it. */
    public static final java.util.regex.Pattern CAPABILITY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

    /** A step without fallback. */
    public StepDefinition(String id, StepKind kind, Object input, List<String> dependsOn, Duration timeout,
                          RetryPolicy retry, OnError onError, Duration queueTimeout, CircuitPolicy onCircuitOpen,
                          String when, Join join) {
        this(id, kind, input, dependsOn, timeout, retry, onError, queueTimeout, onCircuitOpen, when, join, null);
    }

    /** An agent step without condition, joining all its dependencies. */
    public StepDefinition(String id, String agent, Object input, List<String> dependsOn, Duration timeout,
                          RetryPolicy retry, OnError onError, Duration queueTimeout, CircuitPolicy onCircuitOpen) {
        this(id, new StepKind.Agent(agent), input, dependsOn, timeout, retry, onError, queueTimeout, onCircuitOpen,
                null, Join.ALL);
    }

    /** A step without queue timeout that waits while its capability's circuit is open. */
    public StepDefinition(String id, String agent, Object input, List<String> dependsOn, Duration timeout,
                          RetryPolicy retry, OnError onError) {
        this(id, agent, input, dependsOn, timeout, retry, onError, null, CircuitPolicy.HOLD);
    }

    /** The capability of an agent step; null for a built-in step. */
    public String agent() {
        return kind instanceof StepKind.Agent a ? a.capability() : null;
    }

    /** The capability the step's current task goes to: its fallback's once it runs the fallback. */
    public String agent(boolean inFallback) {
        return inFallback && fallback != null ? fallback.agent() : agent();
    }

    /**
     * Whether the engine decides the step itself, without a task or a child execution: it takes no
     * slot of max_parallel.
     */
    public boolean isBuiltIn() {
        return !(kind instanceof StepKind.Agent) && !(kind instanceof StepKind.Workflow);
    }
}
