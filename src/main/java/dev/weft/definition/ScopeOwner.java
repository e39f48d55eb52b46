package dev.weft.definition;

import java.util.List;

/**
 * The kinds of step that own scopes of step instances (ADR 0005, 0011): a foreach's items, a loop's
 * rounds, a state machine's visits, a dynamic step's planned tasks. The engine handles them in
 * switches over this type, so a new owner does not compile until each rule for owners knows it.
 */
public sealed interface ScopeOwner extends StepKind permits ScopeOwner.Foreach, ScopeOwner.Loop, ScopeOwner.Machine,
        ScopeOwner.Dynamic {
    @Override
    default boolean ownsScope() {
        return true;
    }

    /**
     * Runs once per item of a list evaluated when the step is ready: either one task per item
     * ({@code agent}, with the step's {@code input}, {@code timeout} and {@code retry} for each), or
     * a body of steps (a sub-DAG) per item. Each item is a scope where {@code item} and
     * {@code index} are bound; the step's output is the list of the items' outputs in item order.
     *
     * @param items       a template giving the list
     * @param maxParallel how many items run at once (1 for mode sequential)
     * @param maxItems    more items than this fail the step
     * @param agent       the capability of the one task per item, or null when {@code steps} is the body
     * @param steps       the body, or empty for the agent form
     * @param output      a template evaluated in each item's scope for its output, or null (see {@link Body})
     */
    record Foreach(String items, Mode mode, int maxParallel, int maxItems, String agent, List<StepDefinition> steps,
                   Object output) implements ScopeOwner, Body {
        public static final int DEFAULT_MAX_ITEMS = 1_000;
        public static final int MAX_ITEMS = 10_000;

        public Foreach {
            steps = List.copyOf(steps);
        }

        public enum Mode { PARALLEL, SEQUENTIAL }

        /** The agent form: one task per item rather than a body. */
        public boolean isAgentForm() {
            return agent != null;
        }

        @Override
        public String keyword() {
            return "foreach";
        }
    }

    /**
     * Runs its body again, round after round, until {@code until} holds after a round or
     * {@code maxIterations} rounds have run. Each round is a scope where {@code round} (1, 2, ...)
     * and {@code previous} (the last round's steps, empty in round 1) are bound; the step's output
     * is the last round's output.
     *
     * @param until a CEL condition over the round's steps
     */
    record Loop(List<StepDefinition> steps, String until, int maxIterations, Object output)
            implements ScopeOwner, Body {
        public static final int MAX_ITERATIONS = 100;

        public Loop {
            steps = List.copyOf(steps);
        }

        @Override
        public String keyword() {
            return "loop";
        }
    }

    /**
     * A kind with a body of steps. The output of one iteration (an item, a round) is its
     * {@code output} template when given; else the output of the body's only final step (one no
     * other body step depends on); else an object of every final step's output by id.
     */
    interface Body {
        List<StepDefinition> steps();

        Object output();
    }

    /**
     * A state machine (ADR 0011): the step a definition with {@code states:} instead of
     * {@code steps:} consists of, its id {@link #STEP_ID}. It enters {@code initial}; each visit of a
     * state is an instance of its own ({@code machine.review}, then {@code machine.review#2}); once a
     * visit has ended, its transitions are tried in order and the first that holds enters the next
     * state; a visit of an end state whose transitions all fail to hold ends the machine with that
     * visit's output (or {@code output}, evaluated in the machine's scope).
     *
     * @param maxTransitions taking more transitions than this fails the machine ({@code max_transitions_exceeded})
     * @param output         a template evaluated when the machine ends, or null for the last visit's output
     */
    record Machine(String initial, List<State> states, int maxTransitions, Object output) implements ScopeOwner {
        /** The id of the step a {@code states:} definition consists of: instance keys read {@code machine.<state>}. */
        public static final String STEP_ID = "machine";
        public static final int DEFAULT_MAX_TRANSITIONS = 100;
        public static final int MAX_TRANSITIONS = 1_000;

        public Machine {
            states = List.copyOf(states);
        }

        /** The states' step definitions, in the order written. */
        public List<StepDefinition> steps() {
            return states.stream().map(State::step).toList();
        }

        /** The state with id {@code id}, or null. */
        public State state(String id) {
            for (State s : states) {
                if (s.step().id().equals(id)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public String keyword() {
            return "states";
        }

        /**
         * @param step        what a visit runs: a step of any kind but foreach, loop and states, without
         *                    depends_on, when or join
         * @param transitions tried in order once a visit has ended
         * @param end         whether the machine may end here (when no transition holds)
         */
        public record State(StepDefinition step, List<Transition> transitions, boolean end) {
            public State {
                transitions = List.copyOf(transitions);
            }
        }

        /** @param when a CEL condition, or null for one that always holds */
        public record Transition(String when, String to) {
        }
    }

    /**
     * Dynamic tasks (ADR 0011): when the step is ready, {@code tasks} is evaluated once into a list
     * of task specs {@code {id?, agent, input?, depends_on?}} (an earlier step's output, e.g. a
     * planner agent's); each runs as instance {@code <step>.<task id>} with its literal input, after
     * the tasks it depends on, under the step's timeout, retry and on_error. The output is an object
     * of every task's output by id.
     *
     * @param tasks    a template giving the list
     * @param maxTasks more specs than this fail the step ({@code invalid_dynamic_tasks})
     */
    record Dynamic(String tasks, int maxTasks) implements ScopeOwner {
        public static final int DEFAULT_MAX_TASKS = 100;
        public static final int MAX_TASKS = 1_000;
        /** The fields of one task spec. */
        public static final List<String> SPEC_FIELDS = List.of("id", "agent", "input", "depends_on");

        @Override
        public String keyword() {
            return "dynamic";
        }
    }
}
