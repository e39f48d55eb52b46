package dev.weft.store.definition;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Definition versions through Hibernate Reactive Panache. */
@ApplicationScoped
public class DefinitionRepository implements PanacheRepository<WorkflowDefinitionEntity> {

    public Uni<WorkflowDefinitionEntity> findVersion(String tenant, String name, int version) {
        return find("tenant = ?1 and name = ?2 and version = ?3", tenant, name, version).firstResult();
    }

    public Uni<WorkflowDefinitionEntity> findLatest(String tenant, String name) {
        return find("tenant = ?1 and name = ?2", Sort.descending("version"), tenant, name).firstResult();
    }

    public Uni<List<WorkflowDefinitionEntity>> versions(String tenant, String name) {
        return list("tenant = ?1 and name = ?2", Sort.ascending("version"), tenant, name);
    }

    /** The latest version of every workflow of a tenant. */
    public Uni<List<WorkflowDefinitionEntity>> latestOfEach(String tenant) {
        return list("""
                from WorkflowDefinitionEntity w where w.tenant = ?1 and w.version =
                  (select max(d.version) from WorkflowDefinitionEntity d where d.tenant = w.tenant and d.name = w.name)
                order by w.name""", tenant);
    }
}
