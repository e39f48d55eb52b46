package dev.weft.store.definition;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The default-version changes of workflows through Hibernate Reactive Panache. */
@ApplicationScoped
public class DefaultChangeRepository implements PanacheRepository<WorkflowDefaultChangeEntity> {

    /** The newest change of a workflow, which is its current setting; null item when it never had one. */
    public Uni<WorkflowDefaultChangeEntity> current(String tenant, String name) {
        return find("tenant = ?1 and name = ?2", Sort.descending("id"), tenant, name).firstResult();
    }
}
