package dev.weft.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A directed graph over the indices of a list of steps, kept apart from what an edge means so that
 * dependencies (and next, a state machine's transitions) share one set of graph checks.
 *
 * @param edges for each node, the nodes its edges lead to
 */
record StepGraph(List<List<Integer>> edges) {

    /** Each elementary cycle found by depth-first search, once, rotated to start at its lowest index. */
    List<List<Integer>> cycles() {
        int[] state = new int[edges.size()]; // 0 new, 1 on stack, 2 done
        Set<List<Integer>> found = new LinkedHashSet<>();
        List<Integer> stack = new ArrayList<>();
        for (int start = 0; start < edges.size(); start++) {
            if (state[start] == 0) dfs(start, state, stack, found);
        }
        return new ArrayList<>(found);
    }

    private void dfs(int node, int[] state, List<Integer> stack, Set<List<Integer>> found) {
        state[node] = 1;
        stack.add(node);
        for (int next : edges.get(node)) {
            if (state[next] == 1) {
                List<Integer> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                int min = cycle.indexOf(cycle.stream().min(Integer::compare).orElseThrow());
                List<Integer> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
                rotated.addAll(cycle.subList(0, min));
                found.add(rotated);
            } else if (state[next] == 0) {
                dfs(next, state, stack, found);
            }
        }
        stack.removeLast();
        state[node] = 2;
    }

    /**
     * The nodes reached from {@code node} along one or more edges, {@code node} itself excluded.
     * Along dependency edges: the steps that have surely ended before that step starts.
     */
    Set<Integer> reachableFrom(int node) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> todo = new ArrayList<>(edges.get(node));
        while (!todo.isEmpty()) {
            int next = todo.removeLast();
            if (next != node && seen.add(next)) todo.addAll(edges.get(next));
        }
        return seen;
    }
}
