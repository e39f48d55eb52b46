package dev.weft.definition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link WorkflowClass} of a definition, computed from its steps alone (pure, no I/O): the
 * highest class any construct in it needs, bodies of foreach and loop steps included.
 */
public final class WorkflowClassifier {
    private WorkflowClassifier() {
    }

    public static WorkflowClass classify(WorkflowDefinition definition) {
        return classify(definition.steps());
    }

    private static WorkflowClass classify(List<StepDefinition> steps) {
        WorkflowClass result = isChain(steps) ? WorkflowClass.LINEAR : WorkflowClass.PARALLEL;
        for (StepDefinition step : steps) {
            if (step.when() != null) {
                result = result.max(WorkflowClass.CONDITIONAL);
            }
            result = result.max(ofKind(step.kind()));
        }
        return result;
    }

    private static WorkflowClass ofKind(StepKind kind) {
        return switch (kind) {
            case StepKind.Agent a -> WorkflowClass.LINEAR;
            case StepKind.Fail f -> WorkflowClass.LINEAR;
            case StepKind.Aggregate a -> WorkflowClass.LINEAR;
            case StepKind.Transform t -> WorkflowClass.LINEAR;
            case StepKind.Validate v -> WorkflowClass.LINEAR;
            case StepKind.Sleep s -> WorkflowClass.LINEAR;
            case StepKind.Wait w -> WorkflowClass.LINEAR;
            case StepKind.Approval a -> WorkflowClass.LINEAR;
            case StepKind.Switch s -> WorkflowClass.CONDITIONAL;
            case StepKind.Workflow w -> WorkflowClass.ADVANCED;
            case ScopeOwner.Foreach f -> f.mode() == ScopeOwner.Foreach.Mode.SEQUENTIAL ? WorkflowClass.ADVANCED
                    : WorkflowClass.PARALLEL.max(classify(f.steps()));
            case ScopeOwner.Loop l -> WorkflowClass.ADVANCED;
            case ScopeOwner.Machine m -> WorkflowClass.ADVANCED;
            case ScopeOwner.Dynamic d -> WorkflowClass.ADVANCED;
        };
    }

    /**
     * Whether the steps form one chain: one step starts at once, every other depends on exactly
     * one step, and no step has two dependents. Then at most one of them runs at any time.
     */
    private static boolean isChain(List<StepDefinition> steps) {
        int roots = 0;
        Map<String, Integer> dependents = new HashMap<>();
        for (StepDefinition step : steps) {
            if (step.dependsOn().isEmpty()) {
                roots++;
            } else if (step.dependsOn().size() > 1) {
                return false;
            }
            for (String dependency : step.dependsOn()) {
                if (dependents.merge(dependency, 1, Integer::sum) > 1) {
                    return false;
                }
            }
        }
        return roots <= 1;
    }
}
