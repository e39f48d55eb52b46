package dev.weft.store.definition;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One SetDefaultVersion, appended and never updated: the newest row of a workflow is its current
 * setting, the older ones its audit trail.
 */
@Entity
@Table(name = "workflow_default_changes")
public class WorkflowDefaultChangeEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    /** Null: the setting was cleared, the latest version is the default again. */
    public Integer version;

    @Column(name = "set_by", nullable = false)
    public String setBy = "";

    @Column(name = "set_at", nullable = false)
    public OffsetDateTime setAt;
}
