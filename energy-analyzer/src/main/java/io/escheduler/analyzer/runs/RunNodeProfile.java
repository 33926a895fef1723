package io.escheduler.analyzer.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A run's energy profile on one of its nodes. */
@Entity
@Table(name = "run_node_profile")
@IdClass(RunNodeProfile.Key.class)
public class RunNodeProfile extends PanacheEntityBase {

    @Id
    @ManyToOne(optional = false)
    @JoinColumn(name = "run_id")
    public Run run;

    @Id
    public String node;

    @Column(name = "peak_watts", nullable = false)
    public double peakWatts;

    @Column(name = "min_watts", nullable = false)
    public double minWatts;

    @Column(name = "mean_watts", nullable = false)
    public double meanWatts;

    @Column(name = "energy_joules", nullable = false)
    public double energyJoules;

    public int samples;

    /** Composite key: run and node. */
    public static class Key implements Serializable {
        public Long run;
        public String node;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(run, key.run) && Objects.equals(node, key.node);
        }

        @Override
        public int hashCode() {
            return Objects.hash(run, node);
        }
    }
}
