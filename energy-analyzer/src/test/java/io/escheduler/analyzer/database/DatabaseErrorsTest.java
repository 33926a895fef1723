package io.escheduler.analyzer.database;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as "PostgreSQL cannot be reached", through the wrappers the layers put around it. */
class DatabaseErrorsTest {

    @Test
    void connectionFailuresAreAnOutageHoweverWrapped() {
        assertThat(DatabaseErrors.unreachable(new PersistenceException("could not prepare statement",
                new SQLException("Connection to 127.0.0.1:5432 refused.", "08001", new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseErrors.unreachable(new RuntimeException(new SQLException("An I/O error occurred while sending to the backend.",
                "08006")))).isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLException("FATAL: terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLException("FATAL: the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseErrors.unreachable(new IllegalStateException(new SQLException(
                "Acquisition timeout while waiting for new connection")))).isTrue();
        assertThat(DatabaseErrors.unreachable(new SQLTransientConnectionException("pool closed"))).isTrue();
    }

    @Test
    void statementsThatFailAreNot() {
        assertThat(DatabaseErrors.unreachable(new PersistenceException(new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseErrors.unreachable(new SQLException("syntax error at or near", "42601"))).isFalse();
        assertThat(DatabaseErrors.unreachable(new IllegalStateException("no run 12"))).isFalse();
    }

    @Test
    void aCauseLoopEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseErrors.unreachable(a)).isFalse();
    }

    @Test
    void theDatabaseIsNamedWithoutCredentialsOrParameters() {
        assertThat(DatabaseOutage.describe("jdbc:postgresql://db.example.org:5432/escheduler?sslmode=verify-full&password=s3cret"))
                .isEqualTo("PostgreSQL at db.example.org:5432/escheduler");
        assertThat(DatabaseOutage.describe("jdbc:postgresql://10.0.0.5/energy")).isEqualTo("PostgreSQL at 10.0.0.5/energy");
        assertThat(DatabaseOutage.describe(null)).isEqualTo("PostgreSQL");
        assertThat(DatabaseOutage.describe("jdbc:postgresql:escheduler")).isEqualTo("PostgreSQL");
    }
}
