package io.escheduler.analyzer.kube;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicatesTest {

    @Test
    void aUniqueViolationIsFoundAnywhereInTheCauses() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint \"run_run_key_key\"", "23505");
        assertThat(Duplicates.isUniqueViolation(unique)).isTrue();
        assertThat(Duplicates.isUniqueViolation(new RuntimeException("tx", new IllegalStateException("flush", unique)))).isTrue();
        RuntimeException commit = new RuntimeException("commit failed");
        commit.addSuppressed(new IllegalStateException(unique));
        assertThat(Duplicates.isUniqueViolation(commit)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(Duplicates.isUniqueViolation(new SQLException("insert or update violates foreign key", "23503"))).isFalse();
        assertThat(Duplicates.isUniqueViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(Duplicates.isUniqueViolation(new RuntimeException("no cause"))).isFalse();
    }
}
