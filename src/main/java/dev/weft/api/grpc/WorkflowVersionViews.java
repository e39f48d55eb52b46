package dev.weft.api.grpc;

import dev.weft.api.v1.DefaultVersion;
import dev.weft.api.v1.DiffWorkflowVersionsResponse;
import dev.weft.api.v1.FieldChange;
import dev.weft.api.v1.ListWorkflowVersionsResponse;
import dev.weft.api.v1.StepChange;
import dev.weft.api.v1.WorkflowVersion;
import dev.weft.definition.DefinitionDiff;
import dev.weft.runtime.DefinitionService;
import dev.weft.store.Timestamps;

/** Maps the runtime's versions, defaults and diffs to their proto messages. */
final class WorkflowVersionViews {
    private WorkflowVersionViews() {
    }

    static DefaultVersion defaultVersion(dev.weft.runtime.DefaultVersion d) {
        DefaultVersion.Builder b = DefaultVersion.newBuilder().setVersion(d.version()).setExplicit(d.explicit())
                .setSetBy(d.setBy());
        if (d.setAt() != null) {
            b.setSetAt(ExecutionViews.ts(d.setAt()));
        }
        return b.build();
    }

    static ListWorkflowVersionsResponse versions(String name, DefinitionService.Versions v) {
        ListWorkflowVersionsResponse.Builder b = ListWorkflowVersionsResponse.newBuilder().setName(name)
                .setDefaultVersion(defaultVersion(v.defaultVersion()));
        for (DefinitionService.StoredDefinition d : v.versions()) {
            b.addVersions(WorkflowVersion.newBuilder()
                    .setVersion(d.entity().version)
                    .setRegisteredAt(ExecutionViews.ts(Timestamps.of(d.entity().registeredAt)))
                    .setRegisteredBy(d.entity().registeredBy)
                    .setDescription(d.entity().description)
                    .setIsDefault(d.entity().version == v.defaultVersion().version()));
        }
        return b.build();
    }

    static DiffWorkflowVersionsResponse diff(String name, int from, int to, DefinitionDiff d) {
        DiffWorkflowVersionsResponse.Builder b = DiffWorkflowVersionsResponse.newBuilder()
                .setName(name).setFromVersion(from).setToVersion(to)
                .addAllStepsAdded(d.added()).addAllStepsRemoved(d.removed())
                .setText(d.text());
        d.workflowChanges().forEach(c -> b.addWorkflowChanges(change(c)));
        for (DefinitionDiff.StepChange s : d.changed()) {
            b.addStepsChanged(StepChange.newBuilder().setStepId(s.stepId())
                    .addAllChanges(s.changes().stream().map(WorkflowVersionViews::change).toList()));
        }
        return b.build();
    }

    private static FieldChange change(DefinitionDiff.FieldChange c) {
        return FieldChange.newBuilder().setPath(c.path()).setOldValue(c.oldJson()).setNewValue(c.newJson()).build();
    }
}
