package io.escheduler.powermanager;

import io.escheduler.testing.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL for power-manager under test (Debian's {@code postgresql}, started here: never Dev Services), in
 * which power-manager finds what an energy-analyzer that ran the power policies left behind before the upgrade: its
 * {@code public.policy_action} table, made by the analyzer's own migration V4 ({@link #ANALYZER_SCHEMA}: a migration
 * that has run is never changed), with the rows of {@value #ANALYZER_ROWS_FILE}, dated June 2025, long before any
 * test's cycle looks back. power-manager's Flyway creates its own schema at start-up and carries those rows over
 * ({@code PolicyHandoverTest}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The analyzer's migration that made its audit trail, read from the repository (the tests run in the module). */
    static final Path ANALYZER_SCHEMA = Path.of("..", "energy-analyzer", "src", "main", "resources", "db", "migration",
            "V4__policy_actions.sql");
    static final String ANALYZER_ROWS_FILE = "analyzer-policy-action-rows.sql";

    private PostgresServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = PostgresServer.start(Files.createTempDirectory("escheduler-pg-"));
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
                 Statement statement = connection.createStatement()) {
                statement.execute(Files.readString(ANALYZER_SCHEMA));
                statement.execute(resource(ANALYZER_ROWS_FILE));
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (SQLException | RuntimeException e) {
            stop();
            throw new IllegalStateException("could not prepare the test database: " + e.getMessage(), e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PostgresResource.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
