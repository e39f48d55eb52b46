package dev.weft.definition;

/**
 * How much of the engine a workflow needs, in increasing order: the rollout flag admits a
 * workflow when its phase admits the workflow's class (ADR 0015). The order is total so that
 * "admitted" is one comparison: a workflow's class is the highest construct it uses.
 */
public enum WorkflowClass {
    /** One chain of steps: at most one runs at a time, every step taken in the order written. */
    LINEAR,
    /** Steps that run at the same time: a fan-out of the dependency graph, a parallel foreach. */
    PARALLEL,
    /** Steps that may not run: a {@code when} condition, a switch (and any parallelism besides). */
    CONDITIONAL,
    /**
     * Control flow decided while running, beyond a fixed graph: loops, sequential foreach,
     * state machines, dynamic tasks, sub-workflows (whose own class is not known here).
     */
    ADVANCED;

    /** The higher of the two. */
    WorkflowClass max(WorkflowClass other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
