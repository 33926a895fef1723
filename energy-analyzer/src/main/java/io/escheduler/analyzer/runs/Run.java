package io.escheduler.analyzer.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a program on a computing system: its nodes and time span, and once Prometheus had the
 * data its energy profile (power in watts over the whole run, energy in joules).
 */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    /** Where a run was learnt of. */
    public enum Source {
        rest, kubernetes
    }

    /** A run waits for its profile, has it, or gave up. */
    public enum Status {
        pending, complete, failed
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "program_id")
    public Program program;

    @ManyToOne(optional = false)
    @JoinColumn(name = "system_id")
    public ComputingSystem system;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;

    /** What makes the run unique: re-sending it changes nothing. */
    @Column(name = "run_key", nullable = false, unique = true)
    public String runKey;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] nodes;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at", nullable = false)
    public Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "peak_watts")
    public Double peakWatts;

    @Column(name = "min_watts")
    public Double minWatts;

    @Column(name = "mean_watts")
    public Double meanWatts;

    @Column(name = "energy_joules")
    public Double energyJoules;

    public Integer samples;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<RunNodeProfile> nodeProfiles = new ArrayList<>();

    public double durationSeconds() {
        return (endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
