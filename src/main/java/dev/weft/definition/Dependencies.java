package dev.weft.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A list's {@code depends_on} checked and turned into a {@link StepGraph}, apart from the validator's other checks. */
final class Dependencies {
    private Dependencies() {}

    /**
     * Edges i → j for "step i depends on step j", reporting unknown ids, self-dependencies and cycles.
     *
     * @param index each step's id → its position in {@code steps}
     */
    static StepGraph check(List<StepDefinition> steps, String base, Map<String, Integer> index, Scope scope,
                           Problems problems) {
        StepGraph graph = new StepGraph(edges(steps, base, index, scope, problems));
        for (List<Integer> cycle : graph.cycles()) {
            List<String> names = new ArrayList<>();
            cycle.forEach(i -> names.add(steps.get(i).id()));
            names.add(steps.get(cycle.getFirst()).id());
            problems.add(base + "[" + cycle.getFirst() + "].depends_on", "dependency cycle: " + String.join(" -> ", names));
        }
        return graph;
    }

    private static List<List<Integer>> edges(List<StepDefinition> steps, String base, Map<String, Integer> index,
                                             Scope scope, Problems problems) {
        List<List<Integer>> edges = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            List<Integer> out = new ArrayList<>();
            List<String> deps = steps.get(i).dependsOn();
            for (int k = 0; k < deps.size(); k++) {
                String dep = deps.get(k);
                Integer target = index.get(dep);
                String path = base + "[" + i + "].depends_on[" + k + "]";
                if (target == null && (scope.outer().contains(dep) || scope.owners().containsKey(dep))) {
                    problems.add(path, "step '" + dep + "' is not in this list of steps: a step depends only on "
                            + "steps beside it (a body step reads the steps around its body through expressions)");
                } else if (target == null) {
                    problems.add(path, "unknown step '" + dep + "'; steps are " + String.join(", ", index.keySet().stream().sorted().toList()));
                } else if (dep.equals(steps.get(i).id())) {
                    problems.add(path, "a step cannot depend on itself");
                } else {
                    out.add(target);
                }
            }
            edges.add(out);
        }
        return edges;
    }
}
