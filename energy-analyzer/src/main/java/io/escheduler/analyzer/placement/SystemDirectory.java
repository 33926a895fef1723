package io.escheduler.analyzer.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The known computing systems, id ↔ name, held in memory so that a placement query need not join
 * them. Systems are only ever added (a node label or a configured system seen for the first time),
 * so their count and highest id identify a version: each placement query reads both in the same
 * round trip, and a difference reloads the names. Thread-safe.
 */
final class SystemDirectory {

    /** One consistent view. */
    record Snapshot(long count, long maxId, Map<Long, String> names, Map<String, Long> ids) {

        static final Snapshot EMPTY = new Snapshot(-1, -1, Map.of(), Map.of());

        boolean matches(long otherCount, long otherMaxId) {
            return count == otherCount && maxId == otherMaxId;
        }
    }

    private volatile Snapshot current = Snapshot.EMPTY;

    /** The systems as of version ({@code count}, {@code maxId}), reloading them when that is not the one held. */
    Snapshot at(Connection connection, long count, long maxId) throws SQLException {
        Snapshot held = current;
        if (held.matches(count, maxId)) {
            return held;
        }
        synchronized (this) {
            held = current;
            if (held.matches(count, maxId)) {
                return held;
            }
            Map<Long, String> names = new HashMap<>();
            Map<String, Long> ids = new HashMap<>();
            long highest = 0;
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM computing_system");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    names.put(id, rows.getString(2));
                    ids.put(rows.getString(2), id);
                    highest = Math.max(highest, id);
                }
            }
            current = new Snapshot(names.size(), names.isEmpty() ? 0 : highest, Map.copyOf(names), Map.copyOf(ids));
            return current;
        }
    }
}
