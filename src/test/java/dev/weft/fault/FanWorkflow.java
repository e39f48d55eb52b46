package dev.weft.fault;

import java.time.Duration;
import java.util.List;

/**
 * The suite's workflow: a fan-out/fan-in of four steps over the demo agents, with short timeouts
 * so that a lost task or a stalled step turns into a timeout, a retry or a timed-out execution
 * within the scenario's bound instead of hanging until the defaults (1 h, 24 h) run out.
 * Output contract: {@code n} is the input {@code n} and {@code t} is {@code "RUN <n>"}.
 *
 * @param slowMs how long the {@code left} step's agent works, to keep tasks in flight
 */
record FanWorkflow(Duration stepTimeout, int maxAttempts, Duration workflowTimeout, int slowMs) {
    static final String NAME = "fault-fan";
    static final List<String> STEP_IDS = List.of("split", "left", "right", "join");

    String yaml() {
        String policy = "timeout: " + stepTimeout.toMillis() + "ms\n    retry: { max_attempts: " + maxAttempts
                + ", backoff: fixed, initial_interval: 200ms }";
        return """
                name: %s
                limits: { timeout: %dms }
                steps:
                  - id: split
                    agent: echo
                    input: { n: "{{ input.n }}" }
                    %s
                  - id: left
                    agent: slow
                    depends_on: [split]
                    input: { ms: %d, n: "{{ steps.split.output.n }}" }
                    %s
                  - id: right
                    agent: text
                    depends_on: [split]
                    input: { text: "run {{ steps.split.output.n }}", op: upper }
                    %s
                  - id: join
                    agent: echo
                    depends_on: [left, right]
                    input: { n: "{{ steps.left.output.n }}", t: "{{ steps.right.output.text }}" }
                    %s
                output: { n: "{{ steps.join.output.n }}", t: "{{ steps.join.output.t }}" }
                """.formatted(NAME, workflowTimeout.toMillis(), policy, slowMs, policy, policy, policy);
    }

    static final String PARENT = "fault-fan-parent";

    /**
     * A parent whose one step runs {@link #NAME} as a child execution (ADR 0009), with the same
     * input and output contract, so the suite's invariants hold for parents and children alike.
     */
    String parentYaml() {
        return """
                name: %s
                limits: { timeout: %dms }
                steps:
                  - id: sub
                    workflow: %s
                    input: { n: "{{ input.n }}" }
                    timeout: %dms
                    retry: { max_attempts: %d, backoff: fixed, initial_interval: 200ms }
                output: { n: "{{ steps.sub.output.n }}", t: "{{ steps.sub.output.t }}" }
                """.formatted(PARENT, workflowTimeout.toMillis(), NAME, workflowTimeout.toMillis(), maxAttempts);
    }

    /** The top-level step ids of a workflow of the suite, for replaying its executions. */
    static List<String> stepIdsOf(String workflow) {
        return workflow.equals(PARENT) ? List.of("sub") : STEP_IDS;
    }
}
