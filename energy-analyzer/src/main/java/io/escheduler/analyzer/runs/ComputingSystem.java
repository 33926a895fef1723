package io.escheduler.analyzer.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A computing system: a group of nodes a program runs on (seed 1's "ВС"). */
@Entity
@Table(name = "computing_system")
public class ComputingSystem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String name;

    public static ComputingSystem named(String name) {
        ComputingSystem found = find("name", name).firstResult();
        if (found == null) {
            found = new ComputingSystem();
            found.name = name;
            found.persist();
        }
        return found;
    }
}
