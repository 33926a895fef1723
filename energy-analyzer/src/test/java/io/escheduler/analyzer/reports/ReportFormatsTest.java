package io.escheduler.analyzer.reports;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatsTest {

    private static Report report(String program, String system) {
        Totals one = new Totals(1, 1.5, 1.5, 1.5, 1e7, 0.25, 3);
        return new Report(List.of(new ProgramEnergy(program, one.summary(null), List.of(one.summary(system)))));
    }

    @Test
    void csvQuotesWhatRfc4180Requires() {
        assertThat(ReportCsv.field("plain")).isEqualTo("plain");
        assertThat(ReportCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReportCsv.field("cr\r")).isEqualTo("\"cr\r\"");
    }

    @Test
    void csvFiguresArePlainAndExact() {
        assertThat(ReportCsv.field(1e7)).isEqualTo("10000000");
        assertThat(ReportCsv.field(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ReportCsv.field(2500.0)).isEqualTo("2500");
        assertThat(ReportCsv.field(null)).isEmpty();
        assertThat(ReportCsv.field(3L)).isEqualTo("3");
    }

    @Test
    void csvRoundTripsAwkwardNames() {
        List<List<String>> rows = Csv.parse(ReportCsv.render(report("p,\"1\"", "sys\nA")));

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).subList(0, 4)).containsExactly("p,\"1\"", "sys\nA", "1", "1.5");
        assertThat(rows.get(1).get(7)).isEqualTo("10000000");
        assertThat(rows.get(2).get(1)).isEqualTo("all systems");
    }

    @Test
    void tableHasNoTrailingBlanksAndEqualWidths() {
        String table = ReportTable.render(report("a-rather-long-program-name", "s"));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
        assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
        assertThat(lines.get(1)).contains("10000000.0");
    }
}
