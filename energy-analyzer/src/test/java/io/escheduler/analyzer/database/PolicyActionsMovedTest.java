package io.escheduler.analyzer.database;

import io.escheduler.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer's migration V5, on a real PostgreSQL (Debian's server), upgrading a database an analyzer that ran the
 * power policies left at V4: the audit trail it wrote stays, rows unchanged, for power-manager's migration V2 to carry
 * over (docs/power-manager.md, "Upgrading from the analyzer's policies"); a table that never held a row goes.
 */
class PolicyActionsMovedTest {

    private PostgresServer postgres;

    /** The server's own directory (as root it is handed to the postgres user, who must reach it). */
    @BeforeEach
    void start(@TempDir Path dir) {
        postgres = PostgresServer.start(dir);
    }

    @AfterEach
    void stop() {
        postgres.close();
    }

    @Test
    void anAuditTrailWithRowsStaysAsItWasForPowerManagerToCarryOver() throws SQLException {
        migrate("4");
        execute("INSERT INTO policy_action (id, at, planned_at, policy, kind, node, reason, outcome, detail, actor) VALUES "
                + "(7, '2025-06-02T09:59:00Z', '2025-06-02T09:57:30Z', 'consolidation', 'power-off', 'old-1', 'fewest pods (1)',"
                + " 'done', NULL, 'energy-analyzer-1'),"
                + "(12, '2025-06-02T10:00:00Z', '2025-06-02T10:00:00Z', 'power-on', 'power-on', 'old-2', 'pending pods need 3 CPUs',"
                + " 'failed', 'BMC of old-2: wrong password', 'energy-analyzer-1')");

        migrate(null);

        assertThat(rows()).containsExactly("7 consolidation power-off old-1 done null",
                "12 power-on power-on old-2 failed BMC of old-2: wrong password");
    }

    @Test
    void anAuditTrailThatNeverHeldARowGoes() throws SQLException {
        migrate("4");
        assertThat(table()).as("V4 made it").isEqualTo("policy_action");

        migrate(null);

        assertThat(table()).as("public.policy_action after V5").isNull();
    }

    /** The analyzer's own migrations from its classpath, as Quarkus runs them at start-up, up to {@code target} (or all). */
    private void migrate(String target) {
        var flyway = Flyway.configure().dataSource(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/migration");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private String table() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT to_regclass('public.policy_action')::text")) {
            result.next();
            return result.getString(1);
        }
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, policy, kind, node, outcome, detail FROM public.policy_action ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + " " + result.getString(2) + " " + result.getString(3) + " " + result.getString(4) + " "
                        + result.getString(5) + " " + result.getString(6));
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
