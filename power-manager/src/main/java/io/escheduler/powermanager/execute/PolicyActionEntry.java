package io.escheduler.powermanager.execute;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of the policies' audit trail ({@code policy_action}, migration V4): an action the executor attempted, and its outcome. */
@Entity
@Table(name = "policy_action")
public class PolicyActionEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "planned_at", nullable = false)
    public Instant plannedAt;

    @Column(nullable = false)
    public String policy;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String node;

    public String namespace;

    public String pod;

    public String target;

    public String value;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public String outcome;

    public String detail;

    @Column(nullable = false)
    public String actor;
}
