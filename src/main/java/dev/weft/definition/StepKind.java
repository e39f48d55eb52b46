package dev.weft.definition;

import java.util.List;
import java.util.Map;

/**
 * What a step is: a task for an agent (the default), or a built-in step that the engine decides
 * itself, inside the decision that makes it ready — no task, no outbox row, no timer. The engine
 * handles every kind in one exhaustive switch, so a kind added here does not compile until the
 * engine knows what to do with it.
 */
public sealed interface StepKind permits StepKind.Agent, StepKind.Switch, StepKind.Fail, StepKind.Aggregate,
        StepKind.Transform, StepKind.Validate, StepKind.Sleep, StepKind.Wait, StepKind.Approval, StepKind.Workflow,
        ScopeOwner {

    /** The DSL keyword of this kind: {@code agent}, {@code switch}, ... */
    String keyword();

    /**
     * The keywords of a step's kind in the order the DSL documents them. {@link ScopeOwner.Machine} is not one:
     * it is what a definition with {@code states:} consists of, not a kind a step is written in.
     */
    List<String> KEYWORDS = List.of("agent", "switch", "fail", "aggregate", "transform", "validate", "sleep",
            "foreach", "loop", "wait", "approval", "workflow", "dynamic");

    /** Whether the step owns a scope of step instances ({@link ScopeOwner}: a foreach's items, a loop's rounds, ...). */
    default boolean ownsScope() {
        return false;
    }

    /**
     * @param capability   routes the task to that capability's address
     * @param literalInput the input is data to send as it is, not a template (a dynamic task's,
     *                     which an agent produced: ADR 0011)
     */
    record Agent(String capability, boolean literalInput) implements StepKind {
        public Agent(String capability) {
            this(capability, false);
        }

        @Override
        public String keyword() {
            return "agent";
        }
    }

    /**
     * Chooses among named cases by CEL conditions; its output is
     * {@code {case: <first chosen>, cases: [<all chosen>], conditions: {<name>: <value>}}}.
     *
     * @param defaultCase the case chosen when no condition is true, or null (then the step fails with
     *                    {@code no_case_matched})
     */
    record Switch(List<Case> cases, String defaultCase, Mode mode) implements StepKind {
        public Switch {
            cases = List.copyOf(cases);
        }

        /** @param when a CEL condition over input, steps and execution */
        public record Case(String name, String when) {
        }

        /** first: the first true case only (exclusive choice); all: every true case (multi-choice). */
        public enum Mode { FIRST, ALL }

        /** Every name a guard may compare with: the cases' and the default's. */
        public List<String> names() {
            List<String> out = new java.util.ArrayList<>(cases.stream().map(Case::name).toList());
            if (defaultCase != null && !out.contains(defaultCase)) {
                out.add(defaultCase);
            }
            return out;
        }

        @Override
        public String keyword() {
            return "switch";
        }
    }

    /**
     * Ends the execution FAILED with this error.
     *
     * @param message may hold {@code {{ }}} templates
     */
    record Fail(String type, String message) implements StepKind {
        @Override
        public String keyword() {
            return "fail";
        }
    }

    /**
     * Combines the outputs of the step's completed dependencies, in depends_on order.
     *
     * @param field      a dot path read from each output instead of the whole output, or null
     * @param expression for {@link Strategy#EXPRESSION}: CEL over {@code values} (the list), else null
     */
    record Aggregate(Strategy strategy, String field, String expression) implements StepKind {
        public enum Strategy { MERGE, CONCAT, SUM, AVG, COUNT, MIN, MAX, EXPRESSION }

        @Override
        public String keyword() {
            return "aggregate";
        }
    }

    /**
     * Reshapes data with CEL: a mapping (a template tree, like a step input), or a conversion
     * between a list of records and a table {@code {columns, rows}}.
     *
     * @param value   the mapping tree, or the template that yields the records or the table
     * @param columns for {@link Form#TO_TABLE}: the columns in order, or empty for every key in order of appearance
     */
    record Transform(Form form, Object value, List<String> columns) implements StepKind {
        public Transform {
            columns = List.copyOf(columns);
        }

        public enum Form { MAPPING, TO_TABLE, TO_RECORDS }

        @Override
        public String keyword() {
            return "transform";
        }
    }

    /**
     * Checks a value against a JSON Schema (draft 2020-12); fails listing every violation.
     *
     * @param value a template tree, usually {@code "{{ steps.x.output }}"}
     */
    record Validate(Object value, Map<String, Object> schema) implements StepKind {
        @Override
        public String keyword() {
            return "validate";
        }
    }

    /**
     * Waits durably on a timer, then completes with {@code {slept_until: <instant>}}: for a
     * duration from when it became ready, or until an instant.
     *
     * @param duration how long, or null
     * @param until    a template giving an RFC 3339 instant (e.g. {@code "{{ input.publish_at }}"}), or null;
     *                 exactly one of the two is set
     */
    record Sleep(java.time.Duration duration, String until) implements StepKind {
        @Override
        public String keyword() {
            return "sleep";
        }
    }

    /**
     * Waits for a named event sent to the execution (SignalExecution), then completes with
     * {@code {event, correlation, index, payload, received_at}}; the first of {@code anyOf} to arrive wins.
     *
     * @param anyOf   what it waits for: one entry for {@code wait: {event, correlation}}, several for {@code any_of}
     * @param timeout how long it waits before failing with {@code wait_timeout}, or null (as long as the execution runs)
     */
    record Wait(List<Awaited> anyOf, java.time.Duration timeout) implements StepKind {
        public Wait {
            anyOf = List.copyOf(anyOf);
        }

        /**
         * @param event       the event's name
         * @param correlation a template giving the key that addresses this wait (e.g. {@code "{{ input.order_id }}"}),
         *                    or null
         */
        public record Awaited(String event, String correlation) {
        }

        @Override
        public String keyword() {
            return "wait";
        }
    }

    /**
     * A person's decision (DecideApproval): approved, it completes with {@code {approved, by, at, comment}};
     * rejected, it fails with {@code approval_rejected}.
     *
     * @param prompt    a template shown to the approvers
     * @param approvers the caller identities that may decide; empty = anyone of the tenant
     * @param timeout   how long it waits before failing with {@code approval_timeout}, or null
     */
    record Approval(String prompt, List<String> approvers, java.time.Duration timeout) implements StepKind {
        public Approval {
            approvers = List.copyOf(approvers);
        }

        @Override
        public String keyword() {
            return "approval";
        }
    }

    /**
     * Runs another workflow as a child execution (ADR 0009): each attempt of the step starts one
     * child with the step's {@code input}, waits for it to end, and takes its output; a child that
     * fails fails the attempt, so the step's retry and on_error apply.
     *
     * @param workflow the child's workflow name
     * @param version  the version to run, or 0 for the one a start without a version gets
     * @param maxDepth how deep a chain of parents may be for this step to start a child (1: only a top-level
     *                 execution may); deeper fails the step with {@code max_depth_exceeded}
     */
    record Workflow(String workflow, int version, int maxDepth) implements StepKind {
        public static final int DEFAULT_MAX_DEPTH = 5;
        public static final int MAX_DEPTH = 10;

        @Override
        public String keyword() {
            return "workflow";
        }
    }
}
