package io.escheduler.analyzer.profiles;

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
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog of due runs larger than one batch is worked through in one poll, not one batch per
 * poll interval. The scheduler is off here and Prometheus cannot be reached, so each run the poll
 * looks at gets one attempt and a retry later: the attempts show how many it looked at.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(DatabaseOnlyProfile.class)
class BacklogTest {

    @Inject
    RunSeeder seeder;

    @Inject
    ProfilingJob job;

    @Inject
    DataSource dataSource;

    @Test
    void onePollWorksThroughEveryDueBatch() throws SQLException {
        String prefix = RunSeeder.uniquePrefix("backlog");
        int runs = 2 * ProfilingJob.BATCH + 7;
        Instant start = Instant.now().minus(Duration.ofDays(2)); // within energy-analyzer.profiles.give-up-after: retried, not failed
        Seed[] seeds = new Seed[runs];
        for (int i = 0; i < runs; i++) {
            seeds[i] = Seed.pending(prefix + "program", prefix + "system", start.plusSeconds(600L * i), 300);
        }
        seeder.add(seeds);
        String mine = "test:" + prefix + "%";
        update("UPDATE run SET next_attempt_at = now() - interval '1 second' WHERE run_key LIKE ?", mine);

        job.poll();

        assertThat(count("SELECT count(*) FROM run WHERE run_key LIKE ? AND attempts = 0", mine)).as("runs not looked at").isZero();
        assertThat(count("SELECT count(*) FROM run WHERE run_key LIKE ? AND status = 'pending' AND next_attempt_at > now()", mine))
                .as("each waits for its retry").isEqualTo(runs);
    }

    private void update(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        }
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
