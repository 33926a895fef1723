package io.escheduler.analyzer.placement;

import io.escheduler.analyzer.api.ApiException;
import io.escheduler.analyzer.config.AnalyzerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Answers placement queries from PostgreSQL. The figures come from {@code program_system_stats}, the
 * aggregates of each program's complete runs per system that triggers keep (V3 migration), so an
 * answer reads one row per system where the program ran, not its runs. Answers are kept in memory
 * ({@link AnswerCache}) with the version they were computed at: the program's {@code stats_version},
 * which the same triggers raise with every change to its complete runs, and the highest system id,
 * which grows when a system is added. A request reads that version (one indexed row) and, when an
 * answer to the same query is held at it, returns it as it is. Plain JDBC: this is the hot path of
 * every energy-aware scheduling decision, and no entity needs loading.
 */
@ApplicationScoped
public class Placer {

    /** One row: the program's id and statistics version (both null when it is unknown), the highest system id. */
    private static final String VERSION = """
            SELECT p.id, p.stats_version, s.max_id
              FROM (SELECT coalesce(max(id), 0) AS max_id FROM computing_system) s
              LEFT JOIN program p ON p.name = ?
            """;
    /** The program's complete runs per system where it ran: how many, highest peak, energy in all. */
    private static final String STATS = """
            SELECT system_id, runs, peak_watts_max, energy_joules_sum FROM program_system_stats WHERE program_id = ?
            """;

    /** A program's complete runs on one system: how many, the highest peak power and the energy of all. */
    private record Aggregate(long runs, double peakWatts, double energyJoules) {
    }

    private final SystemDirectory directory = new SystemDirectory();
    private final DataSource dataSource;
    private final AnswerCache cache;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public Placer(DataSource dataSource, AnalyzerConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.cache = new AnswerCache(config.placement().cacheSize().asLongValue());
        this.hits = Counter.builder("energy.analyzer.placement.answers").tag("cache", "hit")
                .description("Placement answers, by whether they came from memory").register(registry);
        this.misses = Counter.builder("energy.analyzer.placement.answers").tag("cache", "miss")
                .description("Placement answers, by whether they came from memory").register(registry);
    }

    /**
     * Ranks the candidate systems (every known system when none is given) for a program: the JSON of a
     * {@link PlacementRanking}.
     *
     * @param limit at most this many entries (the best ones); 0: all
     * @throws ApiException 422 when a candidate is not a known system (detail: the unknown and the known ones)
     */
    public byte[] answer(String program, List<String> candidates, PlacementStrategy strategy, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            AnswerCache.Version version = version(connection, program);
            String key = key(program, candidates, strategy, limit);
            byte[] held = cache.get(key, version);
            if (held != null) {
                hits.increment();
                return held;
            }
            misses.increment();
            Map<Long, Aggregate> ran = version.programId() < 0 ? Map.of() : stats(connection, version.programId());
            SystemDirectory.Snapshot systems = directory.at(connection, version.maxSystemId());
            byte[] json = PlacementJson.bytes(Ranking.rank(program, version.programId() >= 0, strategy,
                    candidates(systems, candidates, ran, strategy), limit));
            cache.put(key, version, json);
            return json;
        } catch (SQLException e) {
            throw new IllegalStateException("placement query failed: " + e.getMessage(), e);
        }
    }

    private static AnswerCache.Version version(Connection connection, String program) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(VERSION)) {
            query.setString(1, program);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long id = row.getLong(1);
                boolean known = !row.wasNull();
                return new AnswerCache.Version(known ? id : -1, known ? row.getLong(2) : -1, row.getLong(3));
            }
        }
    }

    private static Map<Long, Aggregate> stats(Connection connection, long programId) throws SQLException {
        Map<Long, Aggregate> ran = new HashMap<>(2048);
        try (PreparedStatement query = connection.prepareStatement(STATS)) {
            query.setLong(1, programId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ran.put(rows.getLong(1), new Aggregate(rows.getLong(2), rows.getDouble(3), rows.getDouble(4)));
                }
            }
        }
        return ran;
    }

    /** The request, as the cache tells answers apart (names cannot hold NUL: they come from URLs and labels). */
    private static String key(String program, List<String> candidates, PlacementStrategy strategy, int limit) {
        StringBuilder key = new StringBuilder(program.length() + 16 * (candidates.size() + 1))
                .append(program).append('\0').append(strategy.wireName()).append('\0').append(limit);
        for (String candidate : candidates) {
            key.append('\0').append(candidate);
        }
        return key.toString();
    }

    /** The candidates (all systems when none are named) with the program's runs on each. */
    private static List<SystemRuns> candidates(SystemDirectory.Snapshot systems, List<String> named, Map<Long, Aggregate> ran,
                                               PlacementStrategy strategy) {
        List<SystemRuns> result = new ArrayList<>();
        if (named.isEmpty()) {
            for (SystemDirectory.Known system : systems.byName()) {
                result.add(runs(system.name(), ran.get(system.id()), strategy));
            }
            return result;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : new LinkedHashSet<>(named)) {
            Long id = systems.ids().get(name);
            if (id == null) {
                unknown.add(name);
            } else {
                result.add(runs(name, ran.get(id), strategy));
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

    private static SystemRuns runs(String system, Aggregate aggregate, PlacementStrategy strategy) {
        if (aggregate == null) {
            return new SystemRuns(system, 0, null, null);
        }
        return switch (strategy) {
            case PEAK_POWER -> new SystemRuns(system, aggregate.runs(), aggregate.peakWatts(), null);
            case ENERGY -> new SystemRuns(system, aggregate.runs(), null, aggregate.energyJoules() / aggregate.runs());
        };
    }
}
