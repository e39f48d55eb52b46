package dev.weft.runtime.port;

import dev.weft.definition.WorkflowDefinition;
import io.smallrye.mutiny.Uni;

/** The exact definition version an execution is pinned to; a null item when it does not exist. */
public interface DefinitionLookup {
    Uni<WorkflowDefinition> pinned(String tenant, String name, int version);
}
