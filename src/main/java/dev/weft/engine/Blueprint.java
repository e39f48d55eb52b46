package dev.weft.engine;

import dev.weft.definition.Join;
import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.definition.WorkflowDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition as the core sees step instances (ADR 0005): which step definition an instance key
 * runs. Step ids are unique across a definition, bodies included, so the last segment of a key
 * names its definition; an item of a foreach's agent form runs the foreach's task, one per item.
 * A definition without foreach or loop has only top-level steps, and nothing is built for it.
 */
public final class Blueprint {
    private final WorkflowDefinition definition;
    /** The execution's current state, for dynamic tasks' definitions (their specs are in it); null when unknown. */
    private final java.util.function.Supplier<ExecutionState> state;
    private List<String> topLevelIds;
    private final boolean scoped;
    private Map<String, StepDefinition> byId;
    private Map<String, StepDefinition> itemTasks;
    private Boolean children;

    private Blueprint(WorkflowDefinition definition, List<String> topLevelIds,
                      java.util.function.Supplier<ExecutionState> state) {
        this.definition = definition;
        this.topLevelIds = topLevelIds;
        this.state = state;
        boolean any = false;
        if (definition != null) {
            for (StepDefinition s : definition.steps()) {
                any |= s.kind().ownsScope();
            }
        }
        this.scoped = any;
    }

    /**
     * Cheap: what it needs of the definition is derived when first asked for. Without a state it
     * resolves every instance but a dynamic task's (enough to replay a history).
     */
    public static Blueprint of(WorkflowDefinition definition) {
        return new Blueprint(definition, null, null);
    }

    /** With the execution's state, where a dynamic task's definition comes from (its step's plan). */
    public static Blueprint of(WorkflowDefinition definition, ExecutionState state) {
        return new Blueprint(definition, null, () -> state);
    }

    /** As {@link #of(WorkflowDefinition, ExecutionState)}, for a state that changes (a decision's). */
    static Blueprint of(WorkflowDefinition definition, java.util.function.Supplier<ExecutionState> state) {
        return new Blueprint(definition, null, state);
    }

    /** Only the top-level step ids: enough to replay a history of a plain DAG (tests do). */
    public static Blueprint ofSteps(List<String> stepIds) {
        return new Blueprint(null, List.copyOf(stepIds), null);
    }

    public List<String> topLevelIds() {
        if (topLevelIds == null) {
            topLevelIds = definition.steps().stream().map(StepDefinition::id).toList();
        }
        return topLevelIds;
    }

    /** Whether any step owns a scope (foreach, loop): only then do instances other than the top-level ones exist. */
    public boolean hasScopes() {
        return scoped;
    }

    /** Whether any step, in a body or not, runs a child workflow: only then can a decision start or stop one. */
    public boolean hasChildren() {
        if (children == null) {
            children = definition != null && anyChild(definition.steps());
        }
        return children;
    }

    private static boolean anyChild(List<StepDefinition> steps) {
        for (StepDefinition s : steps) {
            if (s.kind() instanceof StepKind.Workflow
                    || s.kind() instanceof ScopeOwner.Body body && anyChild(body.steps())) {
                return true;
            }
        }
        return false;
    }

    /** The definition the instance runs. */
    public StepDefinition definitionOf(String instance) {
        if (definition == null) {
            throw new IllegalStateException("Expected a blueprint with its definition to resolve '" + instance + "'");
        }
        if (!scoped || TaskIds.isTopLevel(instance)) {
            return definition.step(instance).orElseThrow(() -> new IllegalArgumentException(
                    "Expected a step of workflow '" + definition.name() + "', but got '" + instance + "'"));
        }
        index();
        StepDefinition task = dynamicTask(instance);
        if (task != null) {
            return task;
        }
        String id = TaskIds.definitionStep(instance);
        StepDefinition def = byId.get(id);
        if (def == null) {
            throw new IllegalArgumentException("Expected a step of workflow '" + definition.name() + "', but got '"
                    + instance + "'");
        }
        if (instance.endsWith("]") && itemTasks.containsKey(id)) {
            return itemTasks.get(id);
        }
        return def;
    }

    /**
     * The definition of a dynamic task ({@code <step>.<task id>}) from its step's plan in the state,
     * or null when {@code instance} is none.
     */
    private StepDefinition dynamicTask(String instance) {
        if (instance.endsWith("]")) {
            return null; // an item of a foreach
        }
        String owner = TaskIds.ownerOf(instance);
        StepDefinition ownerDef = owner == null ? null : byId.get(TaskIds.definitionStep(owner));
        if (ownerDef == null || !(ownerDef.kind() instanceof ScopeOwner.Dynamic)) {
            return null;
        }
        if (state == null) {
            throw new IllegalStateException("Expected a blueprint with the execution's state to resolve dynamic task '"
                    + instance + "'");
        }
        return DynamicTasks.definition(ownerDef, state.get().step(owner), TaskIds.definitionStep(instance));
    }

    /** A step by its id, wherever it is in the definition (ids are unique across bodies). */
    StepDefinition byId(String stepId) {
        if (!scoped) {
            return definitionOf(stepId);
        }
        index();
        return byId.get(stepId);
    }

    /** The instance keys an item of foreach {@code owner} (an instance key) consists of. */
    List<String> itemInstances(String owner, ScopeOwner.Foreach each, int index) {
        String item = TaskIds.item(owner, index);
        return each.isAgentForm() ? List.of(item)
                : each.steps().stream().map(s -> TaskIds.inScope(item, s.id())).toList();
    }

    /** The instance keys round {@code round} of loop {@code owner} consists of. */
    List<String> roundInstances(String owner, ScopeOwner.Loop loop, int round) {
        String scope = TaskIds.round(owner, round);
        return loop.steps().stream().map(s -> TaskIds.inScope(scope, s.id())).toList();
    }

    private void index() {
        if (byId != null) {
            return;
        }
        Map<String, StepDefinition> ids = new HashMap<>();
        Map<String, StepDefinition> items = new HashMap<>();
        collect(definition.steps(), ids, items);
        itemTasks = items;
        byId = ids;
    }

    private static void collect(List<StepDefinition> steps, Map<String, StepDefinition> ids,
                                Map<String, StepDefinition> items) {
        for (StepDefinition s : steps) {
            ids.put(s.id(), s);
            switch (s.kind()) {
                case ScopeOwner.Foreach each when each.isAgentForm() -> items.put(s.id(), itemTask(s, each));
                case ScopeOwner.Foreach each -> collect(each.steps(), ids, items);
                case ScopeOwner.Loop loop -> collect(loop.steps(), ids, items);
                case ScopeOwner.Machine machine -> collect(machine.steps(), ids, items);
                case ScopeOwner.Dynamic dynamic -> { } // its tasks' definitions come from its plan (dynamicTask)
                case StepKind.Agent a -> { }
                case StepKind.Switch c -> { }
                case StepKind.Fail f -> { }
                case StepKind.Aggregate a -> { }
                case StepKind.Transform t -> { }
                case StepKind.Validate v -> { }
                case StepKind.Sleep z -> { }
                case StepKind.Wait w -> { }
                case StepKind.Approval a -> { }
                case StepKind.Workflow w -> { }
            }
        }
    }

    /**
     * What one item of a foreach's agent form runs: the foreach's task with its input, timeout and
     * retry. Its on_error is the foreach's: skip leaves the item out (null), continue lets the other
     * items finish before the foreach fails, fail fails the foreach at once.
     */
    private static StepDefinition itemTask(StepDefinition owner, ScopeOwner.Foreach each) {
        return new StepDefinition(owner.id(), new StepKind.Agent(each.agent()), owner.input(), List.of(),
                owner.timeout(), owner.retry(), owner.onError(), owner.queueTimeout(), owner.onCircuitOpen(), null,
                Join.ALL);
    }
}
