package dev.weft.engine;

import dev.weft.definition.Join;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.engine.ExecutionEvent.StepEvaluated;
import dev.weft.engine.ExecutionEvent.TasksPlanned;
import dev.weft.expr.ExpressionEvaluator;
import dev.weft.expr.ExpressionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dynamic step's tasks, one owner kind of {@link ScopeRules} in its own class (ADR 0011). A
 * ready step evaluates its {@code tasks} template once and checks every spec; a bad list fails the
 * step for good listing every problem, a good one is recorded ({@code TasksPlanned}) and its
 * tasks run as instances {@code <step>.<task id>} of one scope, sequenced by their depends_on like
 * a body's steps. Their input is the spec's, sent as it is: data an agent produced is never a
 * template. The step ends once every task has: an object of their outputs by id, or failed with
 * the first failed task (on_error continue let the others finish).
 */
final class DynamicTasks {
    private final ExpressionEvaluator expressions;
    private final FailureRules failures;

    DynamicTasks(ExpressionEvaluator expressions, FailureRules failures) {
        this.expressions = expressions;
        this.failures = failures;
    }

    /** A ready dynamic step plans its tasks, or fails for good. */
    void open(DecisionBuilder d, String instance, StepDefinition def, ScopeOwner.Dynamic dynamic, Scope scope) {
        String where = "steps." + def.id() + ".dynamic.tasks";
        Object raw;
        try {
            raw = expressions.resolve(dynamic.tasks(), ExpressionContext.of(d.state(), scope));
        } catch (ExpressionException e) {
            failures.stepFailedFinally(d, instance, new ErrorInfo("expression_error", where + ": " + e.getMessage(),
                    false));
            return;
        }
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> tasks = plan(raw, dynamic.maxTasks(), problems);
        if (!problems.isEmpty()) {
            failures.stepFailedFinally(d, instance, new ErrorInfo("invalid_dynamic_tasks", where + ": "
                    + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                    + String.join("; ", problems), false));
            return;
        }
        d.emit(new TasksPlanned(instance, tasks, d.now));
    }

    /**
     * The specs with their ids filled in ({@code t<index>} when absent), or every problem found: a
     * list of at most {@code max} objects {@code {id?, agent, input?, depends_on?}}, ids unique and
     * step-id-like, agents capability names, depends_on naming other tasks of the list, no cycle.
     */
    static List<Map<String, Object>> plan(Object raw, int max, List<String> problems) {
        if (!(raw instanceof List<?> list)) {
            problems.add("expected a list of task specs {id, agent, input, depends_on}, but got "
                    + Values.describe(raw));
            return List.of();
        }
        if (list.size() > max) {
            problems.add(list.size() + " tasks, more than max_tasks " + max);
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "tasks[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> spec)) {
                problems.add(at + ": expected an object {id, agent, input, depends_on}, but got "
                        + Values.describe(list.get(i)));
                continue;
            }
            for (Object field : spec.keySet()) {
                if (!ScopeOwner.Dynamic.SPEC_FIELDS.contains(String.valueOf(field))) {
                    problems.add(at + "." + field + ": unknown field; a task spec has "
                            + String.join(", ", ScopeOwner.Dynamic.SPEC_FIELDS));
                }
            }
            Object id = spec.get("id") == null ? "t" + i : spec.get("id");
            if (!(id instanceof String s) || !StepDefinition.ID.matcher(s).matches()) {
                problems.add(at + ".id: must match " + StepDefinition.ID.pattern() + ", but got " + Values.describe(id));
            } else if (ids.putIfAbsent(s, i) != null) {
                problems.add(at + ".id: '" + s + "' is also the id of tasks[" + ids.get(s) + "]");
            }
            Object agent = spec.get("agent");
            if (!(agent instanceof String a) || !StepDefinition.CAPABILITY.matcher(a).matches()) {
                problems.add(at + ".agent: expected a capability name matching " + StepDefinition.CAPABILITY.pattern()
                        + ", but got " + Values.describe(agent));
            }
            Object deps = spec.get("depends_on") == null ? List.of() : spec.get("depends_on");
            if (!(deps instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
                problems.add(at + ".depends_on: expected a list of task ids, but got " + Values.describe(deps));
                deps = List.of();
            }
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", id);
            task.put("agent", agent);
            task.put("input", spec.get("input") == null ? Map.of() : spec.get("input"));
            task.put("depends_on", List.copyOf((List<?>) deps));
            out.add(task);
        }
        if (problems.isEmpty()) {
            dependencies(out, ids, problems);
        }
        return out;
    }

    /** Each depends_on names another task of the list, and following them never comes back. */
    private static void dependencies(List<Map<String, Object>> tasks, Map<String, Integer> ids, List<String> problems) {
        for (int i = 0; i < tasks.size(); i++) {
            for (Object dep : (List<?>) tasks.get(i).get("depends_on")) {
                if (!ids.containsKey(dep) || dep.equals(tasks.get(i).get("id"))) {
                    problems.add("tasks[" + i + "].depends_on: '" + dep + "' is "
                            + (ids.containsKey(dep) ? "the task itself" : "no task of the list"));
                }
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        int[] mark = new int[tasks.size()]; // 0 new, 1 on the path, 2 done
        for (int i = 0; i < tasks.size(); i++) {
            String cycle = cycleFrom(i, tasks, ids, mark, new ArrayList<>());
            if (cycle != null) {
                problems.add("depends_on has a cycle: " + cycle);
                return;
            }
        }
    }

    private static String cycleFrom(int i, List<Map<String, Object>> tasks, Map<String, Integer> ids, int[] mark,
                                    List<String> path) {
        if (mark[i] == 2) {
            return null;
        }
        String id = (String) tasks.get(i).get("id");
        if (mark[i] == 1) {
            return String.join(" -> ", path.subList(path.indexOf(id), path.size())) + " -> " + id;
        }
        mark[i] = 1;
        path.add(id);
        for (Object dep : (List<?>) tasks.get(i).get("depends_on")) {
            String cycle = cycleFrom(ids.get(dep), tasks, ids, mark, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        mark[i] = 2;
        return null;
    }

    /** The scope of a dynamic step's tasks: its planned tasks, as body steps. */
    static Scope scope(DecisionBuilder d, Scope parent, String owner) {
        StepDefinition def = d.blueprint.definitionOf(owner);
        StepState o = d.state().step(owner);
        List<StepDefinition> steps = new ArrayList<>();
        for (Map<String, Object> task : planned(o)) {
            steps.add(task(def, task));
        }
        return new Scope(owner, owner, steps, false, Map.of(), parent);
    }

    /** What task {@code id} of the dynamic step {@code owner} (its state {@code o}) runs. */
    static StepDefinition definition(StepDefinition owner, StepState o, String id) {
        for (Map<String, Object> task : planned(o)) {
            if (task.get("id").equals(id)) {
                return task(owner, task);
            }
        }
        throw new IllegalArgumentException("Expected a task of dynamic step '" + o.stepId() + "', but got '" + id + "'");
    }

    /** A planned task: its agent and literal input, after its depends_on, under the step's timeout, retry and on_error. */
    @SuppressWarnings("unchecked")
    private static StepDefinition task(StepDefinition owner, Map<String, Object> task) {
        return new StepDefinition((String) task.get("id"), new StepKind.Agent((String) task.get("agent"), true),
                task.get("input"), (List<String>) task.get("depends_on"), owner.timeout(), owner.retry(),
                owner.onError(), owner.queueTimeout(), owner.onCircuitOpen(), null, Join.ALL);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> planned(StepState o) {
        return o.input() instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** Once every task has ended: the object of their outputs by id, or the step fails with the first failed task. */
    boolean close(DecisionBuilder d, ScopeRules.Owner owner) {
        Scope scope = scope(d, owner.scope(), owner.key());
        if (!ScopeRules.ended(d.state(), scope)) {
            return false;
        }
        String failed = ScopeRules.failedIn(d.state(), scope);
        if (failed != null) {
            failures.ownerFailed(d, owner.key(), failed, d.state().step(failed).error());
            return true;
        }
        Map<String, Object> output = new LinkedHashMap<>();
        for (StepDefinition task : scope.steps()) {
            output.put(task.id(), d.state().step(scope.instanceOf(task.id())).output());
        }
        d.emit(new StepEvaluated(owner.key(), ScopeRules.DYNAMIC, output, d.now));
        return true;
    }
}
