package dev.weft.runtime;

import dev.weft.definition.DefinitionDiff;
import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.store.Timestamps;
import dev.weft.store.definition.DefaultChangeRepository;
import dev.weft.store.definition.DefinitionRepository;
import dev.weft.store.definition.WorkflowDefaultChangeEntity;
import dev.weft.store.definition.WorkflowDefinitionEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers and finds definition versions, and keeps which one is each workflow's default.
 * Versions are immutable, so a parsed version is cached forever once read. The default of a
 * workflow is cached too, so that a start without a version costs no query; every replica drops
 * it when any replica registers a version or sets the default (NOTIFY weft_definitions).
 */
@ApplicationScoped
public class DefinitionService implements dev.weft.runtime.port.DefinitionLookup {

    /** A stored version: its parsed form and its source as registered. */
    public record StoredDefinition(WorkflowDefinition definition, WorkflowDefinitionEntity entity) {
    }

    private final DefinitionParser parser = new DefinitionParser();
    private final Map<String, WorkflowDefinition> cache = new ConcurrentHashMap<>();
    /** tenant/name → default version; dropped on every registration or default change, here or on another replica. */
    private final Map<String, Integer> defaults = new ConcurrentHashMap<>();
    /**
     * Counts the drops, so that a default read from the database while a drop happened is not
     * cached: it may be the value from before the change the drop announced.
     */
    private final AtomicLong drops = new AtomicLong();

    @Inject
    dev.weft.store.PgChangeListener changes;
    @Inject
    dev.weft.store.PgDefinitionSources sources;

    @jakarta.annotation.PostConstruct
    void forgetDefaultsOnChange() {
        changes.onDefinitionRegistered(this::forgetDefault);
        // A change announced while this replica was not listening would otherwise never be seen.
        changes.onListening(() -> {
            drops.incrementAndGet();
            defaults.clear();
        });
    }

    private void forgetDefault(String tenantAndName) {
        drops.incrementAndGet();
        defaults.remove(tenantAndName);
    }

    @Inject
    DefinitionRepository repository;
    @Inject
    DefaultChangeRepository defaultChanges;

    @Inject
    InstantSource clock;
    /** A definition's schedule: block, stored in the registration's transaction. */
    @Inject
    dev.weft.schedule.DeclaredSchedules declaredSchedules;

    /** Without saying who registers it. */
    public Uni<WorkflowDefinition> register(String tenant, String source) {
        return register(tenant, source, "");
    }

    /** Parses and validates (throwing {@code DefinitionException}), then stores the next version. */
    public Uni<WorkflowDefinition> register(String tenant, String source, String registeredBy) {
        WorkflowDefinition parsed = parser.parse(source);
        // Two registrations of one name at once race for the same next version; the loser of the
        // unique key tries again with the version after the winner's.
        return Panache.withTransaction(() -> storeNextVersion(tenant, parsed, source, registeredBy)
                        .call(def -> Panache.getSession().chain(session -> declaredSchedules.apply(session, tenant, def)))
                        .call(def -> notifyOnCommit(tenant, def.name())))
                .onFailure(DefinitionService::isVersionTaken).retry().atMost(10)
                .invoke(def -> forgetDefault(tenant + "/" + def.name()));
    }

    /**
     * Makes {@code version} the default of a workflow (0: clears the setting, the latest is the
     * default again) and records who did it. Fails with {@link WorkflowVersionNotFoundException}
     * when the workflow or the version does not exist.
     */
    public Uni<DefaultVersion> setDefault(String tenant, String name, int version, String setBy) {
        return Panache.withTransaction(() -> repository.findLatest(tenant, name).chain(latest -> {
                    if (latest == null) {
                        throw WorkflowVersionNotFoundException.noWorkflow(name);
                    }
                    Uni<WorkflowDefinitionEntity> exists = version == 0 || version == latest.version
                            ? Uni.createFrom().item(latest) : repository.findVersion(tenant, name, version);
                    return exists.chain(found -> {
                        if (found == null) {
                            throw WorkflowVersionNotFoundException.noVersion("version", name, version);
                        }
                        WorkflowDefaultChangeEntity change = new WorkflowDefaultChangeEntity();
                        change.tenant = tenant;
                        change.name = name;
                        change.version = version == 0 ? null : version;
                        change.setBy = setBy;
                        change.setAt = Timestamps.of(clock.instant());
                        return defaultChanges.persistAndFlush(change)
                                .call(() -> notifyOnCommit(tenant, name))
                                .map(saved -> defaultVersion(saved, latest.version));
                    });
                }))
                .invoke(() -> forgetDefault(tenant + "/" + name));
    }

    /**
     * Tells every replica (this one included) to drop its cached default. Sent inside the
     * transaction, PostgreSQL delivers it exactly when the change commits, and never for one
     * that rolls back, so no crash between the two can leave another replica on the old default.
     */
    private static Uni<?> notifyOnCommit(String tenant, String name) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from (select pg_notify(?1, ?2)) n", Long.class)
                .setParameter(1, dev.weft.store.PgChangeListener.DEFINITIONS)
                .setParameter(2, tenant + "/" + name)
                .getSingleResult());
    }

    /** Every version of a workflow, oldest first, and its default. */
    public record Versions(List<StoredDefinition> versions, DefaultVersion defaultVersion) {
    }

    /** Null item when there is no such workflow. */
    @WithSession
    public Uni<Versions> versions(String tenant, String name) {
        return repository.versions(tenant, name).chain(rows -> rows.isEmpty() ? Uni.createFrom().nullItem()
                : defaultChanges.current(tenant, name).map(change -> new Versions(
                        rows.stream().map(e -> new StoredDefinition(parse(e), e)).toList(),
                        defaultVersion(change, rows.getLast().version))));
    }

    /** The default of a workflow whose newest change is {@code change} (null: none) and whose latest version is this. */
    private static DefaultVersion defaultVersion(WorkflowDefaultChangeEntity change, int latest) {
        if (change == null) {
            return new DefaultVersion(latest, false, "", null);
        }
        return new DefaultVersion(change.version == null ? latest : change.version, change.version != null,
                change.setBy, Timestamps.of(change.setAt));
    }

    /**
     * What changed from one version to the other; fails with {@link WorkflowVersionNotFoundException}
     * naming {@code from_version} or {@code to_version} when one does not exist.
     */
    @WithSession
    public Uni<DefinitionDiff> diff(String tenant, String name, int from, int to) {
        return find(tenant, name, from).chain(before -> find(tenant, name, to).map(after -> {
            if (before == null) {
                throw WorkflowVersionNotFoundException.noVersion("from_version", name, from);
            }
            if (after == null) {
                throw WorkflowVersionNotFoundException.noVersion("to_version", name, to);
            }
            return DefinitionDiff.between(before.definition(), after.definition());
        }));
    }

    private static boolean isVersionTaken(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("workflow_definitions_tenant_name_version_key")) {
                return true;
            }
        }
        return false;
    }

    private Uni<WorkflowDefinition> storeNextVersion(String tenant, WorkflowDefinition parsed, String source,
                                                     String registeredBy) {
        return repository.findLatest(tenant, parsed.name()).chain(latest -> {
            WorkflowDefinitionEntity e = new WorkflowDefinitionEntity();
            e.tenant = tenant;
            e.name = parsed.name();
            e.version = latest == null ? 1 : latest.version + 1;
            e.description = parsed.description();
            e.source = source;
            e.registeredAt = Timestamps.of(clock.instant());
            e.registeredBy = registeredBy;
            return repository.persistAndFlush(e).map(saved -> parsed.withVersion(saved.version));
        });
    }

    /**
     * The definition a new execution runs: version 0 means the default. Served from memory after
     * the first lookup (versions never change; a default until a replica announces a change), so
     * starting executions costs no query.
     */
    @Override
    public Uni<WorkflowDefinition> forStart(String tenant, String name, int version) {
        int resolved = version != 0 ? version : defaults.getOrDefault(tenant + "/" + name, 0);
        if (resolved != 0) {
            return pinned(tenant, name, resolved);
        }
        long dropsBefore = drops.get();
        return sources.find(tenant, name, 0).map(source -> {
            if (source == null) {
                return null;
            }
            if (drops.get() == dropsBefore) {
                defaults.put(tenant + "/" + name, source.version());
            }
            return cache.computeIfAbsent(key(tenant, name, source.version()),
                    k -> parser.parseStored(source.text()).withVersion(source.version()));
        });
    }

    /** Version 0 = the default. Null item when there is no such workflow or version. */
    @WithSession
    public Uni<StoredDefinition> find(String tenant, String name, int version) {
        Uni<WorkflowDefinitionEntity> entity = version != 0
                ? repository.findVersion(tenant, name, version)
                : defaultChanges.current(tenant, name).chain(change -> change == null || change.version == null
                        ? repository.findLatest(tenant, name) : repository.findVersion(tenant, name, change.version));
        return entity.map(e -> e == null ? null : new StoredDefinition(parse(e), e));
    }

    @WithSession
    public Uni<List<StoredDefinition>> list(String tenant, String name) {
        Uni<List<WorkflowDefinitionEntity>> rows = name == null || name.isBlank()
                ? repository.latestOfEach(tenant) : repository.versions(tenant, name);
        return rows.map(list -> list.stream().map(e -> new StoredDefinition(parse(e), e)).toList());
    }

    /** The exact version an execution is pinned to; null item when it does not exist. */
    @Override
    public Uni<WorkflowDefinition> pinned(String tenant, String name, int version) {
        WorkflowDefinition cached = cache.get(key(tenant, name, version));
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return sources.find(tenant, name, version).map(source -> source == null ? null
                : cache.computeIfAbsent(key(tenant, name, version), k -> parser.parseStored(source.text()).withVersion(version)));
    }

    private WorkflowDefinition parse(WorkflowDefinitionEntity e) {
        return cache.computeIfAbsent(key(e.tenant, e.name, e.version),
                k -> parser.parseStored(e.source).withVersion(e.version));
    }

    private static String key(String tenant, String name, int version) {
        return tenant + "/" + name + "/" + version;
    }
}
