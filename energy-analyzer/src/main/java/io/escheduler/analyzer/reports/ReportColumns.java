package io.escheduler.analyzer.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows and columns of a report as a table (text and CSV): one row per program and system, then
 * the program's {@value EnergyReports#ALL_SYSTEMS} row. Values are {@code String}, {@code Long},
 * {@code Double} or null (no complete run).
 */
final class ReportColumns {

    /** One row: a program on one system, or on all of them. */
    record Row(String program, String system, EnergySummary summary) {
    }

    /**
     * @param title   header in the text table, with its unit
     * @param csvName header in CSV: snake case, unit spelt out
     * @param numeric right-aligned in the text table
     */
    record Column(String title, String csvName, boolean numeric, Function<Row, Object> value) {
    }

    static final List<Column> COLUMNS = List.of(
            new Column("program", "program", false, Row::program),
            new Column("system", "system", false, Row::system),
            new Column("runs", "runs", true, r -> r.summary().runs()),
            new Column("energy max (J)", "energy_max_joules", true, r -> energy(r, EnergySummary.Energy::max)),
            new Column("energy min (J)", "energy_min_joules", true, r -> energy(r, EnergySummary.Energy::min)),
            new Column("energy mean (J)", "energy_mean_joules", true, r -> energy(r, EnergySummary.Energy::mean)),
            new Column("energy total (J)", "energy_total_joules", true, r -> energy(r, EnergySummary.Energy::total)),
            new Column("peak (W)", "peak_watts", true, r -> r.summary().peakWatts()),
            new Column("min (W)", "min_watts", true, r -> r.summary().minWatts()),
            new Column("mean (W)", "mean_watts", true, r -> r.summary().meanWatts()),
            new Column("run time (s)", "run_time_seconds", true, r -> r.summary().runs() == 0 ? null : r.summary().durationSeconds()));

    private ReportColumns() {
    }

    static List<Row> rows(Report report) {
        List<Row> rows = new ArrayList<>();
        for (ProgramEnergy program : report.programs()) {
            for (EnergySummary system : program.systems()) {
                rows.add(new Row(program.program(), system.system(), system));
            }
            rows.add(new Row(program.program(), EnergyReports.ALL_SYSTEMS, program.overall()));
        }
        return rows;
    }

    private static Double energy(Row row, Function<EnergySummary.Energy, Double> figure) {
        return row.summary().energyJoules() == null ? null : figure.apply(row.summary().energyJoules());
    }
}
