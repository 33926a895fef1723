package io.escheduler.analyzer.kube;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a unique-key violation (PostgreSQL SQLSTATE 23505) apart from other failures. Several analyzer replicas, or
 * a REST client and a pod, may insert the same node, system, program or run at the same moment: the loser's
 * transaction fails on the unique index, and trying again finds the winner's row.
 */
final class Duplicates {

    /** PostgreSQL's {@code unique_violation}. */
    static final String UNIQUE_VIOLATION = "23505";

    private Duplicates() {
    }

    static boolean isUniqueViolation(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed != t && isUniqueViolation(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
