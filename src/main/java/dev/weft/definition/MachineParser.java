package dev.weft.definition;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a state machine definition (ADR 0011): {@code states:} instead of {@code steps:}, with
 * {@code initial} and {@code max_transitions}. Each state is read like a step (one level deep, as
 * in a body) plus its {@code transitions} and {@code end}; the graph checks are here, the
 * expression checks in {@link DefinitionValidator}. The result is the one step the definition
 * consists of, {@link ScopeOwner.Machine#STEP_ID}.
 */
final class MachineParser {
    static final List<String> STATE_ONLY_FIELDS = List.of("transitions", "end");
    static final List<String> TRANSITION_FIELDS = List.of("when", "to");
    /** Step fields that make no sense for a state: a visit starts when a transition enters it. */
    static final List<String> NOT_FOR_STATES = List.of("depends_on", "when", "join", "foreach", "loop", "dynamic");
    static final int MAX_STATES = 100;
    static final int MAX_TRANSITIONS_PER_STATE = 20;

    private final Problems problems;
    private final DefinitionParser.Rules rules;

    MachineParser(Problems problems, DefinitionParser.Rules rules) {
        this.problems = problems;
        this.rules = rules;
    }

    /** The machine step, or null with the problems recorded. */
    StepDefinition parse(FieldReader top) {
        Object raw = top.raw("states");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add("states", "expected a non-empty list of states, but got " + Problems.describe(raw));
            return null;
        }
        if (list.size() > MAX_STATES) {
            problems.add("states", "at most " + MAX_STATES + " states are allowed, but got " + list.size());
            return null;
        }
        String initial = top.string("initial", true, StepParser.STEP_ID, "a state id");
        Integer max = top.integer("max_transitions", ScopeOwner.Machine.DEFAULT_MAX_TRANSITIONS, 1,
                ScopeOwner.Machine.MAX_TRANSITIONS);
        int before = problems.errors().size();
        StepParser steps = new StepParser(problems, rules, 1);
        List<ScopeOwner.Machine.State> states = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ScopeOwner.Machine.State state = state(steps, list.get(i), "states[" + i + "]");
            if (state != null) states.add(state);
        }
        if (problems.errors().size() > before || initial == null || max == null) return null;
        graph(states, initial);
        if (problems.errors().size() > before) return null;
        ScopeOwner.Machine machine = new ScopeOwner.Machine(initial, states, max, top.raw("output"));
        return new StepDefinition(ScopeOwner.Machine.STEP_ID, machine, null, List.of(),
                StepDefinition.DEFAULT_TIMEOUT, RetryPolicy.DEFAULT, OnError.FAIL, null,
                StepDefinition.CircuitPolicy.HOLD, null, Join.ALL);
    }

    @SuppressWarnings("unchecked")
    private ScopeOwner.Machine.State state(StepParser steps, Object raw, String path) {
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(path, "expected a state object with id, a step kind and transitions or end, but got "
                    + Problems.describe(raw));
            return null;
        }
        Map<String, Object> fields = (Map<String, Object>) map;
        FieldReader f = new FieldReader(fields, path, problems);
        for (String field : NOT_FOR_STATES) {
            if (f.has(field)) {
                problems.add(f.pathOf(field), switch (field) {
                    case "foreach", "loop", "dynamic" -> "a state is one step (agent, built-in, wait, approval or workflow); "
                            + "run a " + field + " in a sub-workflow state instead";
                    default -> "a state starts when a transition enters it; put the condition in the transitions "
                            + "that lead here";
                });
            }
        }
        Map<String, Object> step = new LinkedHashMap<>(fields);
        STATE_ONLY_FIELDS.forEach(step::remove);
        StepDefinition def = steps.parse(step, path);
        Object end = f.raw("end");
        if (end != null && !(end instanceof Boolean)) {
            problems.add(f.pathOf("end"), "expected true or false, but got " + Problems.describe(end));
            return null;
        }
        List<ScopeOwner.Machine.Transition> transitions = transitions(f);
        if (def == null || transitions == null) return null;
        if (def.id().equals(ScopeOwner.Machine.STEP_ID)) {
            problems.add(f.pathOf("id"), "'" + ScopeOwner.Machine.STEP_ID + "' names the state machine itself "
                    + "(steps." + ScopeOwner.Machine.STEP_ID + " is its output); choose another state id");
            return null;
        }
        if (transitions.isEmpty() && !Boolean.TRUE.equals(end)) {
            problems.add(path, "state '" + def.id() + "' has neither transitions nor end: true, so a visit of it "
                    + "could go nowhere");
            return null;
        }
        return new ScopeOwner.Machine.State(def, transitions, Boolean.TRUE.equals(end));
    }

    @SuppressWarnings("unchecked")
    private List<ScopeOwner.Machine.Transition> transitions(FieldReader state) {
        Object raw = state.raw("transitions");
        if (raw == null) return List.of();
        if (!(raw instanceof List<?> list)) {
            problems.add(state.pathOf("transitions"), "expected a list of { when, to }, but got "
                    + Problems.describe(raw));
            return null;
        }
        if (list.size() > MAX_TRANSITIONS_PER_STATE) {
            problems.add(state.pathOf("transitions"), "at most " + MAX_TRANSITIONS_PER_STATE
                    + " transitions per state, but got " + list.size());
            return null;
        }
        int before = problems.errors().size();
        List<ScopeOwner.Machine.Transition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = state.pathOf("transitions") + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(path, "expected { when, to }, but got " + Problems.describe(list.get(i)));
                continue;
            }
            FieldReader t = new FieldReader((Map<String, Object>) m, path, problems);
            t.rejectUnknown(TRANSITION_FIELDS);
            String to = t.string("to", true, StepParser.STEP_ID, "a state id");
            String when = t.string("when", false, null, null);
            if (when != null && Conditions.unwrap(when).isBlank()) {
                problems.add(t.pathOf("when"), "expected a CEL condition like \"steps.review.output.approved\", "
                        + "but got an empty string (leave when out for a transition that always holds)");
                continue;
            }
            if (to != null) out.add(new ScopeOwner.Machine.Transition(when == null ? null : Conditions.unwrap(when), to));
        }
        return problems.errors().size() > before ? null : out;
    }

    /** {@code initial} and every {@code to} name a state; every state is reachable; so is an end state. */
    private void graph(List<ScopeOwner.Machine.State> states, String initial) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < states.size(); i++) {
            Integer first = index.putIfAbsent(states.get(i).step().id(), i);
            if (first != null) {
                problems.add("states[" + i + "].id", "duplicate state id '" + states.get(i).step().id()
                        + "' (first used by states[" + first + "])");
            }
        }
        if (!index.containsKey(initial)) {
            problems.add("initial", "names no state: expected one of " + String.join(", ", index.keySet())
                    + ", but got '" + initial + "'");
        }
        for (int i = 0; i < states.size(); i++) {
            List<ScopeOwner.Machine.Transition> ts = states.get(i).transitions();
            for (int k = 0; k < ts.size(); k++) {
                if (!index.containsKey(ts.get(k).to())) {
                    problems.add("states[" + i + "].transitions[" + k + "].to", "names no state: expected one of "
                            + String.join(", ", index.keySet()) + ", but got '" + ts.get(k).to() + "'");
                }
            }
        }
        if (!problems.isEmpty()) return;
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(initial));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                states.get(index.get(id)).transitions().forEach(t -> todo.push(t.to()));
            }
        }
        for (int i = 0; i < states.size(); i++) {
            if (!reached.contains(states.get(i).step().id())) {
                problems.add("states[" + i + "]", "state '" + states.get(i).step().id() + "' cannot be reached "
                        + "from the initial state '" + initial + "'");
            }
        }
        if (states.stream().noneMatch(s -> s.end() && reached.contains(s.step().id()))) {
            problems.add("states", "no state with end: true can be reached from '" + initial + "', so the "
                    + "machine could never complete");
        }
    }
}
