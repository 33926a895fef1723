package io.escheduler.analyzer.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** A node and the computing system it belongs to. */
@Entity
@Table(name = "node")
public class NodeEntry extends PanacheEntityBase {

    @Id
    public String name;

    @ManyToOne(optional = false)
    @JoinColumn(name = "system_id")
    public ComputingSystem system;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
