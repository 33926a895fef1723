package io.escheduler.analyzer.reports;

import io.escheduler.analyzer.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seed 1's visualisation as data: the maximum, minimum, mean and total energy of one or several
 * programs' complete runs, per system and over all systems, from PostgreSQL: the per-program and
 * per-system aggregates that triggers keep up to date with every run (V3 migration), one query per
 * question; pending and failed runs never count.
 */
@ApplicationScoped
public class EnergyReports {

    /** Label of the over-all-systems row in tables. */
    public static final String ALL_SYSTEMS = "all systems";

    /** From the aggregates the triggers keep (V3 migration): one row per program and system where it ran. */
    private static final String TOTALS = """
            SELECT t.program_id, s.name, t.runs, t.energy_joules_max, t.energy_joules_min, t.energy_joules_sum,
                   t.peak_watts_max, t.min_watts_min, t.seconds_sum
              FROM program_system_stats t JOIN computing_system s ON s.id = t.system_id
             WHERE t.program_id = ANY (?)
            """;
    private static final String LISTING = """
            SELECT name, complete_runs + pending_runs + failed_runs, complete_runs, pending_runs, failed_runs, last_ended_at
              FROM program
            """;
    private static final String RUNS = """
            SELECT r.id, s.name, r.nodes, r.started_at, r.ended_at, r.status, r.peak_watts, r.min_watts, r.mean_watts,
                   r.energy_joules, r.samples, r.last_error
              FROM run r JOIN computing_system s ON s.id = r.system_id
             WHERE r.program_id = ?
             ORDER BY r.started_at DESC, r.id DESC
             LIMIT ? OFFSET ?
            """;
    private static final String NODE_PROFILES = """
            SELECT run_id, node, peak_watts, min_watts, mean_watts, energy_joules, samples
              FROM run_node_profile WHERE run_id = ANY (?) ORDER BY run_id, node
            """;

    @Inject
    DataSource dataSource;

    /** Every program with its run counts, by name. */
    public ProgramListing programs() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(LISTING);
             ResultSet rows = query.executeQuery()) {
            List<ProgramListing.Entry> entries = new ArrayList<>();
            while (rows.next()) {
                OffsetDateTime last = rows.getObject(6, OffsetDateTime.class);
                entries.add(new ProgramListing.Entry(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5), last == null ? null : last.toInstant()));
            }
            entries.sort((a, b) -> a.name().compareTo(b.name()));
            return new ProgramListing(entries);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The report of each program, in the order given (duplicates once).
     *
     * @throws ApiException 404 when a program is unknown, with the closest known names
     */
    public Report report(List<String> programNames) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Long> ids = resolve(connection, programNames);
            Map<Long, Map<String, Totals>> totals = totals(connection, ids.values());
            List<ProgramEnergy> programs = new ArrayList<>();
            ids.forEach((name, id) -> programs.add(energy(name, totals.getOrDefault(id, Map.of()))));
            return new Report(programs);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * One program's report and a page of its runs, newest first.
     *
     * @throws ApiException 404 when the program is unknown, with the closest known names
     */
    public ProgramDetail program(String name, int limit, int offset) {
        try (Connection connection = dataSource.getConnection()) {
            long id = resolve(connection, List.of(name)).get(name);
            ProgramEnergy energy = energy(name, totals(connection, List.of(id)).getOrDefault(id, Map.of()));
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT complete_runs + pending_runs + failed_runs FROM program WHERE id = ?")) {
                count.setLong(1, id);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<RunProfile> runs = runs(connection, id, limit, offset);
            return new ProgramDetail(name, energy.overall(), energy.systems(), new ProgramDetail.RunPage(total, offset, limit, runs));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static ProgramEnergy energy(String program, Map<String, Totals> bySystem) {
        Totals overall = Totals.NONE;
        List<EnergySummary> systems = new ArrayList<>();
        for (Map.Entry<String, Totals> entry : new TreeMap<>(bySystem).entrySet()) {
            overall = overall.plus(entry.getValue());
            systems.add(entry.getValue().summary(entry.getKey()));
        }
        return new ProgramEnergy(program, overall.summary(null), systems);
    }

    /** Program name → id, in the order given; 404 naming the unknown ones and suggesting known ones. */
    private static Map<String, Long> resolve(Connection connection, List<String> names) throws SQLException {
        Map<String, Long> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT name, id FROM program WHERE name = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("text", names.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        LinkedHashSet<String> unknown = new LinkedHashSet<>();
        for (String name : names) {
            Long id = found.get(name);
            if (id == null) {
                unknown.add(name);
            } else {
                ordered.put(name, id);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT name FROM program");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getString(1));
                }
            }
            List<String> suggestions = Suggestions.closest(unknown, known);
            throw ApiException.notFound("unknown program" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                            + (suggestions.isEmpty() ? ": no program has run yet" : ": did you mean " + String.join(", ", suggestions) + "?"),
                    Map.of("unknown", List.copyOf(unknown), "suggestions", suggestions));
        }
        return ordered;
    }

    /** program id → system name → totals of its complete runs there. */
    private static Map<Long, Map<String, Totals>> totals(Connection connection, Collection<Long> programIds) throws SQLException {
        Map<Long, Map<String, Totals>> totals = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(TOTALS)) {
            query.setArray(1, connection.createArrayOf("bigint", programIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    double minWatts = rows.getDouble(8);
                    Double min = rows.wasNull() ? null : minWatts;
                    Totals t = new Totals(rows.getLong(3), rows.getDouble(4), rows.getDouble(5), rows.getDouble(6), rows.getDouble(7),
                            min, rows.getDouble(9));
                    totals.computeIfAbsent(rows.getLong(1), k -> new HashMap<>()).put(rows.getString(2), t);
                }
            }
        }
        return totals;
    }

    private static List<RunProfile> runs(Connection connection, long programId, int limit, int offset) throws SQLException {
        List<RunProfile> runs = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(RUNS)) {
            query.setLong(1, programId);
            query.setInt(2, limit);
            query.setInt(3, offset);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime start = rows.getObject(4, OffsetDateTime.class);
                    OffsetDateTime end = rows.getObject(5, OffsetDateTime.class);
                    double seconds = (end.toInstant().toEpochMilli() - start.toInstant().toEpochMilli()) / 1000.0;
                    int samples = rows.getInt(11);
                    Integer samplesOrNull = rows.wasNull() ? null : samples;
                    runs.add(new RunProfile(rows.getLong(1), rows.getString(2), Arrays.asList((String[]) rows.getArray(3).getArray()),
                            start.toInstant(), end.toInstant(), seconds, rows.getString(6), nullable(rows, 7), nullable(rows, 8),
                            nullable(rows, 9), nullable(rows, 10), samplesOrNull, rows.getString(12), List.of()));
                }
            }
        }
        if (runs.isEmpty()) {
            return runs;
        }
        Map<Long, List<RunProfile.NodeProfile>> nodes = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(NODE_PROFILES)) {
            query.setArray(1, connection.createArrayOf("bigint", runs.stream().map(RunProfile::id).toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    nodes.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(new RunProfile.NodeProfile(rows.getString(2),
                            rows.getDouble(3), rows.getDouble(4), rows.getDouble(5), rows.getDouble(6), rows.getInt(7)));
                }
            }
        }
        return runs.stream().map(r -> r.withNodeProfiles(nodes.getOrDefault(r.id(), List.of()))).toList();
    }

    private static Double nullable(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("report query failed: " + e.getMessage(), e);
    }
}
