package dev.weft.runtime;

import dev.weft.definition.DefinitionParser;
import dev.weft.definition.WorkflowDefinition;
import dev.weft.store.Timestamps;
import dev.weft.store.definition.DefinitionRepository;
import dev.weft.store.definition.WorkflowDefinitionEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers and finds definition versions. Versions are immutable, so a parsed version is
 * cached forever once read.
 */
@ApplicationScoped
public class DefinitionService implements dev.weft.runtime.port.DefinitionLookup {

    /** A stored version: its parsed form and its source as registered. */
    public record StoredDefinition(WorkflowDefinition definition, WorkflowDefinitionEntity entity) {
    }

    private final DefinitionParser parser = new DefinitionParser();
    private final Map<String, WorkflowDefinition> cache = new ConcurrentHashMap<>();
    /** tenant/name → latest version; dropped on every registration, here or on another replica. */
    private final Map<String, Integer> latest = new ConcurrentHashMap<>();

    @Inject
    dev.weft.store.PgChangeListener changes;
    @Inject
    dev.weft.store.PgDefinitionSources sources;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @jakarta.annotation.PostConstruct
    void forgetLatestOnRegistration() {
        changes.onDefinitionRegistered(latest::remove);
    }

    @Inject
    DefinitionRepository repository;

    @Inject
    InstantSource clock;

    /** Parses and validates (throwing {@code DefinitionException}), then stores the next version. */
    public Uni<WorkflowDefinition> register(String tenant, String source) {
        WorkflowDefinition parsed = parser.parse(source);
        // Two registrations of one name at once race for the same next version; the loser of the
        // unique key tries again with the version after the winner's.
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> storeNextVersion(tenant, parsed, source))
                .onFailure(DefinitionService::isVersionTaken).retry().atMost(10)
                .call(def -> {
                    latest.remove(tenant + "/" + def.name());
                    return pool.preparedQuery("select pg_notify('" + dev.weft.store.PgChangeListener.DEFINITIONS
                            + "', $1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant + "/" + def.name()));
                });
    }

    private static boolean isVersionTaken(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains("workflow_definitions_tenant_name_version_key")) {
                return true;
            }
        }
        return false;
    }

    private Uni<WorkflowDefinition> storeNextVersion(String tenant, WorkflowDefinition parsed, String source) {
        return repository.findLatest(tenant, parsed.name()).chain(latest -> {
            WorkflowDefinitionEntity e = new WorkflowDefinitionEntity();
            e.tenant = tenant;
            e.name = parsed.name();
            e.version = latest == null ? 1 : latest.version + 1;
            e.description = parsed.description();
            e.source = source;
            e.registeredAt = Timestamps.of(clock.instant());
            return repository.persistAndFlush(e).map(saved -> parsed.withVersion(saved.version));
        });
    }

    /**
     * The definition a new execution runs: version 0 means the latest. Served from memory after
     * the first lookup (versions never change), so starting executions costs no query.
     */
    @Override
    public Uni<WorkflowDefinition> forStart(String tenant, String name, int version) {
        int resolved = version != 0 ? version : latest.getOrDefault(tenant + "/" + name, 0);
        if (resolved != 0) {
            return pinned(tenant, name, resolved);
        }
        return sources.find(tenant, name, 0).map(source -> {
            if (source == null) {
                return null;
            }
            latest.put(tenant + "/" + name, source.version());
            return cache.computeIfAbsent(key(tenant, name, source.version()),
                    k -> parser.parseStored(source.text()).withVersion(source.version()));
        });
    }

    /** Version 0 = the latest. Null item when there is no such workflow or version. */
    @WithSession
    public Uni<StoredDefinition> find(String tenant, String name, int version) {
        Uni<WorkflowDefinitionEntity> entity = version == 0
                ? repository.findLatest(tenant, name)
                : repository.findVersion(tenant, name, version);
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
