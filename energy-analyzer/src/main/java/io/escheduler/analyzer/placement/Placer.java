package io.escheduler.analyzer.placement;

import io.escheduler.analyzer.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers placement queries from PostgreSQL in one round trip: the program's complete runs grouped
 * by system, read by an index-only scan of the partial index {@code run_program_system} (program,
 * system; peak power and energy included), the program looked up by its unique name in the same
 * statement, plus the version of the system list (see {@link SystemDirectory}), whose names are
 * held in memory. Systems without a row are those where the program never ran. Plain JDBC: this is
 * the hot path of every energy-aware scheduling decision, and no entity needs loading.
 */
@ApplicationScoped
public class Placer {

    /** Rows (system id, runs, highest peak W, mean energy J), then one row (-1, system count, highest system id, program known 0|1). */
    private static final String QUERY = """
            WITH p AS (SELECT id FROM program WHERE name = ?)
            SELECT r.system_id, count(*), max(r.peak_watts), avg(r.energy_joules)
              FROM run r
             WHERE r.program_id = (SELECT id FROM p) AND r.status = 'complete'
             GROUP BY r.system_id
            UNION ALL
            SELECT -1, (SELECT count(*) FROM computing_system), (SELECT coalesce(max(id), 0) FROM computing_system)::float8,
                   (SELECT count(*) FROM p)::float8
            """;

    private record Aggregate(long runs, double peakWatts, double meanEnergyJoules) {
    }

    private final SystemDirectory directory = new SystemDirectory();

    @Inject
    DataSource dataSource;

    /**
     * Ranks the candidate systems (every known system when none is given) for a program.
     *
     * @throws ApiException 422 when a candidate is not a known system (detail: the unknown and the known ones)
     */
    public PlacementRanking rank(String program, List<String> candidates, PlacementStrategy strategy, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            Map<Long, Aggregate> ran = new HashMap<>(2048);
            long systemCount = 0;
            long maxSystemId = 0;
            boolean programKnown = false;
            try (PreparedStatement query = connection.prepareStatement(QUERY)) {
                query.setString(1, program);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        long id = rows.getLong(1);
                        if (id == -1) {
                            systemCount = rows.getLong(2);
                            maxSystemId = (long) rows.getDouble(3);
                            programKnown = rows.getDouble(4) > 0;
                        } else {
                            ran.put(id, new Aggregate(rows.getLong(2), rows.getDouble(3), rows.getDouble(4)));
                        }
                    }
                }
            }
            SystemDirectory.Snapshot systems = directory.at(connection, systemCount, maxSystemId);
            return Ranking.rank(program, programKnown, strategy, candidates(systems, candidates, ran), limit);
        } catch (SQLException e) {
            throw new IllegalStateException("placement query failed: " + e.getMessage(), e);
        }
    }

    /** The candidates (all systems when none are named) with the program's runs on each. */
    private static List<SystemRuns> candidates(SystemDirectory.Snapshot systems, List<String> named, Map<Long, Aggregate> ran) {
        List<SystemRuns> result = new ArrayList<>();
        if (named.isEmpty()) {
            systems.names().forEach((id, name) -> result.add(runs(name, ran.get(id))));
            return result;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : new LinkedHashSet<>(named)) {
            Long id = systems.ids().get(name);
            if (id == null) {
                unknown.add(name);
            } else {
                result.add(runs(name, ran.get(id)));
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>(systems.ids().keySet());
            known.sort(null);
            throw ApiException.unprocessable("unknown candidate system(s) " + unknown + ": candidates must be known systems",
                    Map.of("unknown", List.copyOf(unknown), "known", known));
        }
        return result;
    }

    private static SystemRuns runs(String system, Aggregate aggregate) {
        return aggregate == null ? new SystemRuns(system, 0, null, null)
                : new SystemRuns(system, aggregate.runs(), aggregate.peakWatts(), aggregate.meanEnergyJoules());
    }
}
