package io.escheduler.analyzer.runs;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.reports.DatabaseOnlyProfile;
import io.escheduler.analyzer.reports.RunSeeder;
import io.escheduler.analyzer.reports.RunSeeder.Seed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summaries the triggers keep (V3 migration) against the same aggregates computed from the runs,
 * through every kind of change a run can see: recorded in each status, completed, failed, its figures
 * or system changed, deleted, and changes that must not count (queue bookkeeping).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class ProgramStatisticsTest {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    /** program_system_stats, recomputed from the runs: the truth the triggers must keep. */
    private static final String GROUPS_FROM_RUNS = """
            SELECT r.program_id, r.system_id, count(*), max(r.peak_watts), min(r.min_watts), min(r.energy_joules),
                   max(r.energy_joules), round(sum(r.energy_joules)::numeric, 6), round(sum(extract(epoch FROM r.ended_at - r.started_at)), 6)
              FROM run r JOIN program p ON p.id = r.program_id
             WHERE p.name LIKE ? AND r.status = 'complete'
             GROUP BY 1, 2 ORDER BY 1, 2
            """;
    private static final String GROUPS_KEPT = """
            SELECT s.program_id, s.system_id, s.runs, s.peak_watts_max, s.min_watts_min, s.energy_joules_min,
                   s.energy_joules_max, round(s.energy_joules_sum::numeric, 6), round(s.seconds_sum::numeric, 6)
              FROM program_system_stats s JOIN program p ON p.id = s.program_id
             WHERE p.name LIKE ? ORDER BY 1, 2
            """;
    private static final String COUNTS_FROM_RUNS = """
            SELECT p.name, count(*) FILTER (WHERE r.status = 'complete'), count(*) FILTER (WHERE r.status = 'pending'),
                   count(*) FILTER (WHERE r.status = 'failed'), max(r.ended_at)
              FROM program p LEFT JOIN run r ON r.program_id = p.id
             WHERE p.name LIKE ? GROUP BY p.name ORDER BY p.name
            """;
    private static final String COUNTS_KEPT = """
            SELECT name, complete_runs, pending_runs, failed_runs, last_ended_at FROM program WHERE name LIKE ? ORDER BY name
            """;

    @Inject
    RunSeeder seeder;

    @Inject
    DataSource dataSource;

    @Test
    void summariesFollowEveryChangeToTheRuns() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("stats");
        String lulesh = prefix + "lulesh";
        String hpl = prefix + "hpl";
        String a = prefix + "a";
        String b = prefix + "b";
        seeder.add(
                Seed.complete(lulesh, a, T0, 100, 150, 50, 1000),
                Seed.complete(lulesh, a, T0.plusSeconds(1000), 100, 182.5, 40, 2000),
                Seed.complete(lulesh, b, T0.plusSeconds(2000), 50, 90, 30, 700),
                Seed.pending(lulesh, a, T0.plusSeconds(3000), 100),
                Seed.failed(lulesh, b, T0.plusSeconds(4000), 100, 999, 999),
                Seed.complete(hpl, b, T0, 60, 300, 100, 9000));
        assertKept(prefix);

        // the profiler completes the pending run: it joins a's aggregates, and is a's new highest peak
        sql("UPDATE run SET status = 'complete', peak_watts = 250, min_watts = 20, mean_watts = 100, energy_joules = 10000, samples = 7, "
                + "completed_at = now() WHERE run_key LIKE ? AND status = 'pending'", "test:" + lulesh + "%");
        assertKept(prefix);
        assertThat(peak(lulesh, a)).isEqualTo(250);

        // the highest peak is deleted: the maximum is taken again from what is left
        sql("DELETE FROM run WHERE run_key LIKE ? AND peak_watts = 250", "test:" + lulesh + "%");
        assertKept(prefix);
        assertThat(peak(lulesh, a)).isEqualTo(182.5);

        // a complete run's figures change, then it moves to the other system
        sql("UPDATE run SET peak_watts = 75, energy_joules = 1500 WHERE run_key LIKE ? AND peak_watts = 182.5", "test:" + lulesh + "%");
        assertKept(prefix);
        sql("UPDATE run SET system_id = (SELECT id FROM computing_system WHERE name = ?) WHERE run_key LIKE ? AND peak_watts = 75",
                b, "test:" + lulesh + "%");
        assertKept(prefix);

        // a complete run fails after all (an operator's correction); the last one on a system goes: no row is left there
        sql("UPDATE run SET status = 'failed' WHERE run_key LIKE ? AND peak_watts = 150", "test:" + lulesh + "%");
        assertKept(prefix);
        assertThat(peak(lulesh, a)).isNull();
        sql("DELETE FROM run WHERE run_key LIKE ?", "test:" + hpl + "%");
        assertKept(prefix);
        assertThat(peak(hpl, b)).isNull();
    }

    @Test
    void oneStatementThatChangesAndCompletesRunsOfOneGroupCountsEachOnce() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("stats-mixed");
        String program = prefix + "p";
        seeder.add(
                Seed.complete(program, prefix + "s", T0, 100, 100, 10, 1000),
                Seed.pending(program, prefix + "s", T0.plusSeconds(1000), 100),
                Seed.pending(program, prefix + "s", T0.plusSeconds(2000), 100));
        // the complete run's peak changes, and both pending runs complete, in one statement
        sql("UPDATE run SET status = 'complete', peak_watts = 120, min_watts = 5, mean_watts = 10, energy_joules = 1000, samples = 7 "
                + "WHERE run_key LIKE ?", "test:" + program + "%");
        assertKept(prefix);
        assertThat(rows("SELECT s.runs FROM program_system_stats s JOIN program p ON p.id = s.program_id WHERE p.name = ?", program))
                .containsExactly(List.of(3L));
    }

    @Test
    void truncateEmptiesTheSummaries() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("stats-truncate");
        seeder.add(Seed.complete(prefix + "p", prefix + "s", T0, 100, 100, 10, 1000));
        long before = version(prefix + "p");
        // in a transaction rolled back afterwards: the other tests' runs share this database
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE run CASCADE");
                try (ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM program_system_stats), "
                        + "(SELECT count(*) FROM program WHERE complete_runs + pending_runs + failed_runs > 0 OR last_ended_at IS NOT NULL), "
                        + "(SELECT stats_version FROM program WHERE name = '" + prefix + "p')")) {
                    rows.next();
                    assertThat(rows.getLong(1)).as("aggregates left").isZero();
                    assertThat(rows.getLong(2)).as("programs still counting runs").isZero();
                    assertThat(rows.getLong(3)).as("placement answers held must not survive").isGreaterThan(before);
                }
            } finally {
                connection.rollback();
            }
        }
        assertKept(prefix);
    }

    @Test
    void randomChangesKeepTheSummariesExact() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("stats-random");
        Random random = new Random(42);
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String program = prefix + "p" + random.nextInt(4);
            String system = prefix + "s" + random.nextInt(5);
            Instant start = T0.plusSeconds(600L * i);
            double seconds = 60 + random.nextInt(600); // the last round moves every end back by up to 30 s
            seeds.add(switch (random.nextInt(4)) {
                case 0 -> Seed.pending(program, system, start, seconds);
                case 1 -> Seed.failed(program, system, start, seconds, 10 + random.nextInt(400), 1 + random.nextInt(99999));
                default -> Seed.complete(program, system, start, seconds, 10 + random.nextInt(400), random.nextInt(10),
                        1 + random.nextInt(99999));
            });
        }
        seeder.add(seeds.toArray(Seed[]::new));
        assertKept(prefix);
        String runs = "test:" + prefix + "%";
        for (int round = 0; round < 30; round++) {
            int pick = random.nextInt(1000);
            switch (random.nextInt(5)) {
                case 0 -> sql("UPDATE run SET status = 'complete', peak_watts = 500 - " + pick % 400 + ", min_watts = 1, mean_watts = 2, "
                        + "energy_joules = " + (pick + 1) + ", samples = 3 WHERE id = (SELECT min(id) FROM run WHERE run_key LIKE ? "
                        + "AND status = 'pending')", runs);
                case 1 -> sql("DELETE FROM run WHERE id = (SELECT max(id) FROM run WHERE run_key LIKE ? AND status = 'complete')", runs);
                case 2 -> sql("UPDATE run SET peak_watts = " + pick + " WHERE id = (SELECT min(id) FROM run WHERE run_key LIKE ? "
                        + "AND status = 'complete')", runs);
                case 3 -> sql("UPDATE run SET status = 'failed' WHERE id = (SELECT min(id) FROM run WHERE run_key LIKE ? "
                        + "AND status <> 'failed')", runs);
                default -> sql("UPDATE run SET ended_at = ended_at - interval '1 second' WHERE run_key LIKE ?", runs);
            }
            assertKept(prefix);
        }
    }

    @Test
    void onlyChangesToCompleteRunsRaiseTheVersion() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("stats-version");
        String program = prefix + "p";
        seeder.add(Seed.pending(program, prefix + "s", T0, 100));
        long pendingOnly = version(program);
        // the profiler's bookkeeping on a pending run
        sql("UPDATE run SET attempts = attempts + 1, next_attempt_at = now(), last_error = 'no data' WHERE run_key LIKE ?", "test:" + program + "%");
        assertThat(version(program)).isEqualTo(pendingOnly);
        seeder.add(Seed.complete(program, prefix + "s", T0.plusSeconds(1000), 100, 10, 1, 100));
        long afterCompletion = version(program);
        assertThat(afterCompletion).isGreaterThan(pendingOnly);
        sql("UPDATE run SET completed_at = now() WHERE run_key LIKE ? AND status = 'complete'", "test:" + program + "%");
        assertThat(version(program)).isEqualTo(afterCompletion);
    }

    private void assertKept(String prefix) throws SQLException {
        String names = prefix + "%";
        assertThat(rows(GROUPS_KEPT, names)).as("program_system_stats").isEqualTo(rows(GROUPS_FROM_RUNS, names));
        assertThat(rows(COUNTS_KEPT, names)).as("program run counts").isEqualTo(rows(COUNTS_FROM_RUNS, names));
    }

    private Double peak(String program, String system) throws SQLException {
        List<List<Object>> rows = rows("""
                SELECT s.peak_watts_max FROM program_system_stats s JOIN program p ON p.id = s.program_id
                  JOIN computing_system c ON c.id = s.system_id WHERE p.name = ? AND c.name = ?
                """, program, system);
        return rows.isEmpty() ? null : (Double) rows.get(0).get(0);
    }

    private long version(String program) throws SQLException {
        return (Long) rows("SELECT stats_version FROM program WHERE name = ?", program).get(0).get(0);
    }

    private List<List<Object>> rows(String query, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private void sql(String update, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(update)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
