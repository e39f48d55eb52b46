package dev.weft.rollout;

import dev.weft.engine.RolloutDecision;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flag's current settings, as of one read of the store: immutable, so a start resolves
 * against one consistent set even while a change arrives. The most specific value wins: the
 * workflow's own, then the tenant's, then the configured default.
 */
public final class FlagSettings {
    private final Map<String, FlagChange> byScope;

    /** @param newestFirst changes in any scopes, newest first; the first of each scope is its setting */
    public static FlagSettings of(List<FlagChange> newestFirst) {
        Map<String, FlagChange> current = new LinkedHashMap<>();
        for (FlagChange change : newestFirst) {
            current.putIfAbsent(key(change.tenant(), change.workflow()), change);
        }
        current.values().removeIf(c -> c.value() == null);
        return new FlagSettings(current);
    }

    private FlagSettings(Map<String, FlagChange> byScope) {
        this.byScope = Map.copyOf(byScope);
    }

    /** The value for a workflow's starts; {@code workflow} "" asks for the tenant's. */
    public ResolvedFlag resolve(String tenant, String workflow, FlagValue configured) {
        FlagChange own = workflow.isEmpty() ? null : byScope.get(key(tenant, workflow));
        if (own != null) {
            return new ResolvedFlag(own.value(), RolloutDecision.WORKFLOW, own);
        }
        FlagChange tenantWide = byScope.get(key(tenant, FlagChange.TENANT_WIDE));
        if (tenantWide != null) {
            return new ResolvedFlag(tenantWide.value(), RolloutDecision.TENANT, tenantWide);
        }
        return new ResolvedFlag(configured, RolloutDecision.DEFAULT, null);
    }

    /** The values set in a tenant: tenant-wide first, then by workflow name. */
    public List<FlagChange> of(String tenant) {
        return byScope.values().stream().filter(c -> c.tenant().equals(tenant))
                .sorted(Comparator.comparing(FlagChange::workflow)).toList();
    }

    private static String key(String tenant, String workflow) {
        return tenant + "/" + workflow;
    }
}
