package dev.weft.store.definition;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A registered definition version. Rows are inserted once and never updated: a version is
 * immutable. Only the source text is kept; the parser is deterministic, so parsing it again
 * yields the same definition.
 */
@Entity
@Table(name = "workflow_definitions")
public class WorkflowDefinitionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "workflow_definitions_seq")
    @SequenceGenerator(name = "workflow_definitions_seq", sequenceName = "workflow_definitions_seq", allocationSize = 50)
    public Long id;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public String source;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** Who registered it, as the request said; "" when it did not. */
    @Column(name = "registered_by", nullable = false)
    public String registeredBy = "";
}
