package dev.weft.engine;

import dev.weft.definition.StepDefinition;
import dev.weft.definition.ScopeOwner;
import dev.weft.definition.StepKind;
import dev.weft.expr.ExpressionEvaluator;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that own scopes of step instances ({@link ScopeOwner}; ADR 0005, 0011). A ready foreach
 * evaluates its items once and records them; a ready loop starts round 1; a state machine enters
 * its initial state; a dynamic step plans its tasks. Each decision then moves the instances of the
 * open scopes like top-level steps, and an owner ends when its scopes have: a foreach with the list
 * of its items' outputs, a loop when its {@code until} holds or its bound is reached, a machine at
 * an end state, a dynamic step with its tasks' outputs by id. What is particular to each owner kind
 * is in {@link ForeachItems}, {@link LoopRounds}, {@link MachineVisits} and {@link DynamicTasks}.
 */
final class ScopeRules {
    static final String FOREACH = "foreach";
    static final String LOOP = "loop";
    static final String STATES = "states";
    static final String DYNAMIC = "dynamic";

    private final ForeachItems foreach;
    private final LoopRounds loops;
    private final MachineVisits machines;
    private final DynamicTasks tasks;

    ScopeRules(ExpressionEvaluator expressions, FailureRules failures) {
        IterationOutputs outputs = new IterationOutputs(expressions, failures);
        this.foreach = new ForeachItems(expressions, failures, outputs);
        this.loops = new LoopRounds(expressions, failures, outputs);
        this.machines = new MachineVisits(expressions, failures);
        this.tasks = new DynamicTasks(expressions, failures);
    }

    /**
     * The scopes whose instances may move now, outermost first: the top level, the items of each
     * running foreach inside its window (items start in order, at most max_parallel not ended at
     * once), and the current round of each running loop.
     */
    static List<Scope> active(DecisionBuilder d) {
        if (!d.blueprint.hasScopes()) {
            return List.of(d.top);
        }
        List<Scope> out = new ArrayList<>();
        out.add(d.top);
        for (int i = 0; i < out.size(); i++) {
            for (Owner owner : runningOwners(d, out.get(i))) {
                switch (owner.kind()) {
                    case ScopeOwner.Foreach each -> out.addAll(ForeachItems.window(d, owner, each));
                    case ScopeOwner.Loop loop -> out.add(LoopRounds.round(d.state(), owner.scope(), owner.key(), loop,
                            owner.state().attempt()));
                    case ScopeOwner.Machine machine -> out.add(MachineVisits.scope(owner.scope(), owner.key(), machine,
                            owner.state()));
                    case ScopeOwner.Dynamic dynamic -> out.add(DynamicTasks.scope(d, owner.scope(), owner.key()));
                }
            }
        }
        return out;
    }

    /** A running foreach or loop in a scope; {@code kind} is its definition's kind. */
    record Owner(Scope scope, StepDefinition def, ScopeOwner kind, String key, StepState state) {
    }

    private static List<Owner> runningOwners(DecisionBuilder d, Scope scope) {
        List<Owner> out = new ArrayList<>();
        for (StepDefinition def : scope.steps()) {
            if (def.kind() instanceof ScopeOwner kind) {
                String key = scope.instanceOf(def.id());
                StepState o = d.state().steps().get(key);
                if (o != null && o.status() == StepStatus.RUNNING) {
                    out.add(new Owner(scope, def, kind, key, o));
                }
            }
        }
        return out;
    }

    /** The scope an instance runs in, with the variables it binds. */
    static Scope of(DecisionBuilder d, String instance) {
        if (TaskIds.isTopLevel(instance)) {
            return d.top;
        }
        List<TaskIds.Segment> segments = TaskIds.parseInstance(instance);
        Scope scope = d.top;
        for (int i = 0; i < segments.size(); i++) {
            TaskIds.Segment seg = segments.get(i);
            StepDefinition def = d.blueprint.byId(seg.stepId());
            boolean last = i == segments.size() - 1;
            if (last && !(seg.isItem() && def.kind() instanceof ScopeOwner.Foreach)) {
                return scope;
            }
            if (!(def.kind() instanceof ScopeOwner kind)) {
                throw new IllegalArgumentException("Expected '" + seg.stepId() + "' in '" + instance
                        + "' to be a foreach or a loop, but it is a " + def.kind().keyword() + " step");
            }
            String owner = scope.instanceOf(seg.stepId());
            StepState o = d.state().step(owner);
            scope = switch (kind) {
                case ScopeOwner.Foreach each -> ForeachItems.item(d, scope, owner, each, o, seg.index());
                case ScopeOwner.Loop loop -> LoopRounds.round(d.state(), scope, owner, loop, Math.max(1, seg.round()));
                case ScopeOwner.Machine machine -> MachineVisits.scope(scope, owner, machine, o);
                case ScopeOwner.Dynamic dynamic -> DynamicTasks.scope(d, scope, owner);
            };
        }
        return scope;
    }

    /** A ready foreach evaluates its items; a ready loop starts its first round. */
    void open(DecisionBuilder d, String instance, StepDefinition def, ScopeOwner kind) {
        Scope scope = of(d, instance);
        switch (kind) {
            case ScopeOwner.Foreach each -> foreach.open(d, instance, def, each, scope);
            case ScopeOwner.Loop loop -> LoopRounds.open(d, instance);
            case ScopeOwner.Machine machine -> MachineVisits.open(d, instance, machine);
            case ScopeOwner.Dynamic dynamic -> tasks.open(d, instance, def, dynamic, scope);
        }
    }

    /** Owners whose scopes have all ended end too, or start their next round. */
    boolean close(DecisionBuilder d) {
        if (!d.blueprint.hasScopes()) {
            return false;
        }
        boolean changed = false;
        for (Scope scope : active(d)) {
            for (Owner owner : runningOwners(d, scope)) {
                if (d.state().isTerminal()) {
                    return true;
                }
                if (d.state().step(owner.key()).status() != StepStatus.RUNNING) {
                    continue; // an owner closed before it ended this one
                }
                changed |= switch (owner.kind()) {
                    case ScopeOwner.Foreach each -> foreach.close(d, owner, each);
                    case ScopeOwner.Loop loop -> loops.close(d, owner, loop);
                    case ScopeOwner.Machine machine -> machines.close(d, owner, machine);
                    case ScopeOwner.Dynamic dynamic -> tasks.close(d, owner);
                };
            }
        }
        return changed;
    }

    /** Whether every instance of the scope has ended (a nested foreach or loop ends only when its own scopes have). */
    static boolean ended(ExecutionState state, Scope scope) {
        for (StepDefinition def : scope.steps()) {
            StepState s = state.steps().get(scope.instanceOf(def.id()));
            if (s == null || !s.status().isEnded()) {
                return false;
            }
        }
        return true;
    }

    /** The first instance of the scope that failed (on_error continue let the others finish), or null. */
    static String failedIn(ExecutionState state, Scope scope) {
        for (StepDefinition def : scope.steps()) {
            String key = scope.instanceOf(def.id());
            if (state.step(key).status() == StepStatus.FAILED) {
                return key;
            }
        }
        return null;
    }
}
