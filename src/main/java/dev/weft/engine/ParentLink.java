package dev.weft.engine;

/**
 * Where a child execution comes from (ADR 0009): the parent execution, the task id of the parent
 * step's attempt it runs as, and how deep it is (1 for a child of a top-level execution). The
 * child's end is reported as that task's result.
 */
public record ParentLink(String executionId, String taskId, int depth) {
}
