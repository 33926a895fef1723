package io.escheduler.analyzer.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The known computing systems, id ↔ name, held in memory so that a placement query need not join
 * them. The analyzer only ever adds systems (a node label or a configured system seen for the first
 * time), so the highest id is their version: each placement query reads it in the same round trip,
 * and a new one reloads the list at once. A system deleted by hand (it can be only once no node or
 * run refers to it) drops out at the next reload, at the latest {@link #MAX_AGE} later. Thread-safe.
 */
final class SystemDirectory {

    /** A system. */
    record Known(long id, String name) {
    }

    /** Longest a list is used before it is read again, whatever its version. */
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    /** One consistent view: the systems in name order, and by name. */
    record Snapshot(long maxId, long loadedAtNanos, List<Known> byName, Map<String, Long> ids) {

        static final Snapshot EMPTY = new Snapshot(-1, 0, List.of(), Map.of());

        boolean current(long otherMaxId, long nowNanos) {
            return maxId == otherMaxId && nowNanos - loadedAtNanos < MAX_AGE.toNanos() && this != EMPTY;
        }
    }

    private volatile Snapshot current = Snapshot.EMPTY;

    /** The systems as of version {@code maxId}, read again when that is not the one held or the list is old. */
    Snapshot at(Connection connection, long maxId) throws SQLException {
        Snapshot held = current;
        if (held.current(maxId, System.nanoTime())) {
            return held;
        }
        synchronized (this) {
            held = current;
            if (held.current(maxId, System.nanoTime())) {
                return held;
            }
            List<Known> byName = new ArrayList<>();
            Map<String, Long> ids = new HashMap<>();
            long highest = 0;
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM computing_system");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Known system = new Known(rows.getLong(1), rows.getString(2));
                    byName.add(system);
                    ids.put(system.name(), system.id());
                    highest = Math.max(highest, system.id());
                }
            }
            byName.sort(Comparator.comparing(Known::name)); // Java's order, whatever the database's collation
            current = new Snapshot(highest, System.nanoTime(), List.copyOf(byName), Map.copyOf(ids));
            return current;
        }
    }
}
