package io.escheduler.dashboards;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The expansions of Grafana's PostgreSQL macros (its macros.go and macros_test.go). */
class SqlMacrosTest {

    private static final Instant FROM = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T09:30:00.5Z");

    @Test
    void timeMacros() {
        assertThat(SqlMacros.expand("WHERE $__timeFilter(r.started_at)", FROM, TO))
                .isEqualTo("WHERE r.started_at BETWEEN '2026-11-25T08:00:00Z' AND '2026-11-25T09:30:00.500Z'");
        assertThat(SqlMacros.expand("$__timeFrom() .. $__timeTo()", FROM, TO)).isEqualTo("'2026-11-25T08:00:00Z' .. '2026-11-25T09:30:00.500Z'");
        assertThat(SqlMacros.expand("SELECT $__time(at)", FROM, TO)).isEqualTo("SELECT at AS \"time\"");
        assertThat(SqlMacros.expand("$__unixEpochFilter(t)", FROM, TO)).isEqualTo("t >= 1795593600 AND t <= 1795599000");
    }

    @Test
    void timeGroup() {
        assertThat(SqlMacros.expand("SELECT $__timeGroupAlias(a.at, 5m)", FROM, TO))
                .isEqualTo("SELECT floor(extract(epoch from a.at)/300)*300 AS \"time\"");
        assertThat(SqlMacros.expand("GROUP BY $__timeGroup(at, '1s')", FROM, TO)).isEqualTo("GROUP BY floor(extract(epoch from at)/1)*1");
        assertThat(SqlMacros.expand("$__timeGroup(at, 500ms)", FROM, TO)).isEqualTo("floor(extract(epoch from at)/0.5)*0.5");
    }

    @Test
    void unknownMacrosAndFillModesAreRefused() {
        assertThatThrownBy(() -> SqlMacros.expand("$__timeFiltr(at)", FROM, TO)).hasMessageContaining("unknown macro");
        assertThatThrownBy(() -> SqlMacros.expand("$__timeGroup(at, 5m, 0)", FROM, TO)).hasMessageContaining("fill");
        assertThatThrownBy(() -> SqlMacros.expand("$__timeFilter()", FROM, TO)).hasMessageContaining("missing time column");
    }
}
