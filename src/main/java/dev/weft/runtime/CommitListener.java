package dev.weft.runtime;

import dev.weft.definition.WorkflowDefinition;
import dev.weft.store.CommitRequest;
import dev.weft.store.OutboxMessage;
import java.util.List;

/** Told once a batch of one execution committed: what it wrote, and its outbox rows with their ids. */
@FunctionalInterface
public interface CommitListener {
    void committed(WorkflowDefinition definition, CommitRequest request, List<OutboxMessage> sent);
}
