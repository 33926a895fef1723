package io.escheduler.analyzer.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A program: what a pod's {@code energy.escheduler.io/program} label or a batch job names. */
@Entity
@Table(name = "program")
public class Program extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    public static Program named(String name) {
        Program found = find("name", name).firstResult();
        if (found == null) {
            found = new Program();
            found.name = name;
            found.persist();
        }
        return found;
    }
}
