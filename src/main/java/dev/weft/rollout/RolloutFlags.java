package dev.weft.rollout;

import dev.weft.definition.WorkflowClass;
import dev.weft.definition.WorkflowClassifier;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.engine.RolloutDecision;
import dev.weft.runtime.StartRefusedException;
import dev.weft.runtime.port.RolloutGate;
import dev.weft.store.PgChangeListener;
import dev.weft.store.PgRolloutFlags;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The rollout flag {@value RolloutFlag#NAME} (ADR 0015): its values per tenant and workflow,
 * changed at run time and stored, with the configured default below them; and the gate every start
 * from outside passes. The settings are held in memory, so a start costs no query; every replica
 * drops them when any replica changes one (NOTIFY weft_rollout, sent inside the change's
 * transaction) or when its LISTEN connection comes back (a change may have gone unheard), and
 * reads them again on the next start.
 */
@ApplicationScoped
public class RolloutFlags implements RolloutGate {
    private static final Logger LOG = Logger.getLogger(RolloutFlags.class);

    @Inject
    PgRolloutFlags store;
    @Inject
    PgChangeListener changes;
    @Inject
    InstantSource clock;

    @ConfigProperty(name = "weft.rollout.default", defaultValue = "on")
    String configuredPhase;
    @ConfigProperty(name = "weft.rollout.default-percentage", defaultValue = "100")
    int configuredPercentage;

    private FlagValue configured;
    /** Null until read, and again after every drop. */
    private volatile FlagSettings settings;
    /** Counts the drops, so that settings read while a drop happened are not kept: they may predate the change. */
    private final AtomicLong drops = new AtomicLong();
    /** Versions are immutable, so their class is computed once. */
    private final Map<String, WorkflowClass> classes = new ConcurrentHashMap<>();

    /** Created at start-up, so that a wrong configured default stops the start rather than the first execution. */
    void onStartup(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
    }

    @PostConstruct
    void start() {
        try {
            configured = new FlagValue(RolloutPhase.parse("weft.rollout.default", configuredPhase),
                    configuredPercentage);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Expected a valid rollout default, but " + e.getMessage()
                    .replace("percentage:", "weft.rollout.default-percentage:"), e);
        }
        changes.onRolloutChanged(payload -> drop());
        changes.onListening(this::drop);
    }

    private void drop() {
        drops.incrementAndGet();
        settings = null;
    }

    @Override
    public Uni<RolloutDecision> admit(String tenant, WorkflowDefinition definition, String key) {
        WorkflowClass workflowClass = classOf(tenant, definition);
        return settings().map(s -> switch (Admission.of(definition.name(), workflowClass,
                s.resolve(tenant, definition.name(), configured), key)) {
            case Admission.Taken t -> t.decision();
            case Admission.Refused r -> throw new StartRefusedException(StartRefusedException.Reason.ROLLOUT,
                    r.reason());
        });
    }

    public WorkflowClass classOf(String tenant, WorkflowDefinition definition) {
        return classes.computeIfAbsent(tenant + "/" + definition.name() + "/" + definition.version(),
                k -> WorkflowClassifier.classify(definition));
    }

    /** The value that applies to a workflow's starts ("" for the tenant's own starts in general). */
    public Uni<ResolvedFlag> resolve(String tenant, String workflow) {
        return settings().map(s -> s.resolve(tenant, workflow, configured));
    }

    /** The values set in a tenant. */
    public Uni<List<FlagChange>> list(String tenant) {
        return settings().map(s -> s.of(tenant));
    }

    /** Sets ({@code value} non-null) or clears a value, audited as {@code setBy}; every replica sees it. */
    public Uni<ResolvedFlag> change(String tenant, String workflow, FlagValue value, String setBy) {
        FlagChange change = new FlagChange(tenant, workflow, value, setBy.isBlank() ? FlagChange.UNKNOWN_CALLER : setBy,
                clock.instant());
        return store.append(change)
                .invoke(c -> LOG.infof("%s for tenant %s%s %s by %s", RolloutFlag.NAME, tenant,
                        workflow.isEmpty() ? "" : " workflow " + workflow, value == null ? "cleared" : "set to " + value,
                        c.setBy()))
                .invoke(this::drop)
                .chain(() -> resolve(tenant, workflow));
    }

    /** A tenant's changes, newest first; {@code workflow} null for all. */
    public Uni<List<FlagChange>> history(String tenant, String workflow, int limit) {
        return store.history(tenant, workflow, limit);
    }

    private Uni<FlagSettings> settings() {
        FlagSettings current = settings;
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        long dropsBefore = drops.get();
        return store.current().map(rows -> {
            FlagSettings read = FlagSettings.of(rows);
            if (drops.get() == dropsBefore) {
                settings = read;
            }
            return read;
        });
    }
}
