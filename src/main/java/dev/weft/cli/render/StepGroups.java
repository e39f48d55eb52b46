package dev.weft.cli.render;

import dev.weft.api.v1.Execution;
import dev.weft.api.v1.StepRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution's steps as the definition lays them out: each top-level step, with the instances
 * that run inside it (a foreach's items, a loop's rounds, a state machine's visits, a dynamic step's
 * tasks), however deeply nested.
 */
public record StepGroups(Map<String, StepRun> topLevel, Map<String, List<StepRun>> instances) {

    public static StepGroups of(Execution e) {
        Map<String, StepRun> byId = new LinkedHashMap<>();
        e.getStepsList().forEach(s -> byId.put(s.getStepId(), s));
        Map<String, StepRun> top = new LinkedHashMap<>();
        Map<String, List<StepRun>> inside = new LinkedHashMap<>();
        for (StepRun s : e.getStepsList()) {
            if (s.getScopeOwner().isEmpty()) {
                top.put(s.getStepId(), s);
            }
        }
        for (StepRun s : e.getStepsList()) {
            if (!s.getScopeOwner().isEmpty()) {
                inside.computeIfAbsent(root(s, byId), k -> new ArrayList<>()).add(s);
            }
        }
        return new StepGroups(top, inside);
    }

    public List<StepRun> instancesOf(String topLevelId) {
        return instances.getOrDefault(topLevelId, List.of());
    }

    /** The top-level step an instance runs in: follow its owners up, or cut its id when one is missing. */
    private static String root(StepRun s, Map<String, StepRun> byId) {
        StepRun at = s;
        for (int hops = 0; hops < 64 && !at.getScopeOwner().isEmpty(); hops++) {
            StepRun owner = byId.get(at.getScopeOwner());
            if (owner == null) {
                return cut(at.getScopeOwner());
            }
            at = owner;
        }
        return at.getStepId();
    }

    /** {@code outer[1].inner} to {@code outer}: a step id has none of these characters. */
    private static String cut(String instance) {
        for (int i = 0; i < instance.length(); i++) {
            char c = instance.charAt(i);
            if (c == '[' || c == '.' || c == '#') {
                return instance.substring(0, i);
            }
        }
        return instance;
    }
}
