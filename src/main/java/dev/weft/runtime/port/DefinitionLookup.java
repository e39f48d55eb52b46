package dev.weft.runtime.port;

import dev.weft.definition.WorkflowDefinition;
import io.smallrye.mutiny.Uni;

/** Definition versions: the one an execution is pinned to, the one a new execution runs. */
public interface DefinitionLookup {
    /** The exact version; a null item when it does not exist. */
    Uni<WorkflowDefinition> pinned(String tenant, String name, int version);

    /** The version a new execution runs: {@code version}, or the workflow's default for 0; a null item when none. */
    Uni<WorkflowDefinition> forStart(String tenant, String name, int version);
}
