package dev.weft.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed from one version of a workflow to another, computed from the two parsed
 * definitions (no I/O). Comparing parsed definitions rather than texts means that formatting,
 * comments, key order and defaults spelled out in one version but implicit in the other are not
 * changes; a changed value is reported at the deepest path where the two differ.
 *
 * <p>Ordering is deterministic: workflow fields in a fixed order, added and changed steps in the
 * order of the newer definition, removed steps in the order of the older one, and the fields of a
 * step in the order its record declares them.
 *
 * @param workflowChanges changes of the workflow's own fields (description, input, output, ...)
 * @param added           ids of the steps only {@code to} has
 * @param removed         ids of the steps only {@code from} has
 * @param changed         steps both have that differ
 */
public record DefinitionDiff(List<FieldChange> workflowChanges, List<String> added, List<String> removed,
                             List<StepChange> changed) {

    /** @param oldJson JSON text of the value in {@code from}, "null" when absent there; likewise newJson */
    public record FieldChange(String path, String oldJson, String newJson) {
    }

    public record StepChange(String stepId, List<FieldChange> changes) {
        public StepChange {
            changes = List.copyOf(changes);
        }
    }

    public DefinitionDiff {
        workflowChanges = List.copyOf(workflowChanges);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public static DefinitionDiff between(WorkflowDefinition from, WorkflowDefinition to) {
        List<FieldChange> workflow = new ArrayList<>();
        compare("", DefinitionTrees.workflowFields(from), DefinitionTrees.workflowFields(to), workflow);

        Map<String, StepDefinition> before = byId(from.steps());
        Map<String, StepDefinition> after = byId(to.steps());
        List<String> added = new ArrayList<>();
        List<StepChange> changed = new ArrayList<>();
        for (StepDefinition step : to.steps()) {
            StepDefinition old = before.get(step.id());
            if (old == null) {
                added.add(step.id());
                continue;
            }
            List<FieldChange> changes = new ArrayList<>();
            compare("", DefinitionTrees.step(old), DefinitionTrees.step(step), changes);
            if (!changes.isEmpty()) {
                changed.add(new StepChange(step.id(), changes));
            }
        }
        List<String> removed = from.steps().stream().map(StepDefinition::id).filter(id -> !after.containsKey(id))
                .toList();
        return new DefinitionDiff(workflow, added, removed, changed);
    }

    public boolean isEmpty() {
        return workflowChanges.isEmpty() && added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /**
     * One line per change: {@code ~ limits.timeout: "PT1H" -> "PT2H"}, {@code ~ step b: agent:
     * "echo" -> "slow"}, {@code + step d}, {@code - step c}: workflow fields, then changed, added
     * and removed steps, each group in the order above; "no changes" when there is none.
     */
    public String text() {
        if (isEmpty()) {
            return "no changes";
        }
        List<String> lines = new ArrayList<>();
        workflowChanges.forEach(c -> lines.add("~ " + line(c)));
        changed.forEach(c -> c.changes().forEach(f -> lines.add("~ step " + c.stepId() + ": " + line(f))));
        added.forEach(id -> lines.add("+ step " + id));
        removed.forEach(id -> lines.add("- step " + id));
        return String.join("\n", lines);
    }

    private static String line(FieldChange c) {
        return c.path() + ": " + c.oldJson() + " -> " + c.newJson();
    }

    private static Map<String, StepDefinition> byId(List<StepDefinition> steps) {
        Map<String, StepDefinition> m = new LinkedHashMap<>();
        steps.forEach(s -> m.put(s.id(), s));
        return m;
    }

    /** Adds a change for every path where the trees differ, as deep as both sides stay alike in shape. */
    private static void compare(String path, Object a, Object b, List<FieldChange> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            List<Object> keys = new ArrayList<>(ma.keySet());
            mb.keySet().stream().filter(k -> !ma.containsKey(k)).forEach(keys::add);
            for (Object k : keys) {
                compare(path.isEmpty() ? String.valueOf(k) : path + "." + k, ma.get(k), mb.get(k), out);
            }
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                compare(path + "[" + i + "]", la.get(i), lb.get(i), out);
            }
            return;
        }
        out.add(new FieldChange(path, DefinitionTrees.json(a), DefinitionTrees.json(b)));
    }
}
