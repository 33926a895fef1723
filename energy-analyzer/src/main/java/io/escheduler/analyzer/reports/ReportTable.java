package io.escheduler.analyzer.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report as a table for a terminal ({@code text/plain}): a header with units, names left-aligned,
 * figures right-aligned with one decimal, "-" where there is no complete run, two spaces between
 * columns, no trailing blanks.
 */
public final class ReportTable {

    private static final String GAP = "  ";

    private ReportTable() {
    }

    public static String render(Report report) {
        List<ReportColumns.Column> columns = ReportColumns.COLUMNS;
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(ReportColumns.Column::title).toArray(String[]::new));
        for (ReportColumns.Row row : ReportColumns.rows(report)) {
            cells.add(columns.stream().map(c -> text(c.value().apply(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                if (i > 0) {
                    text.append(GAP);
                }
                String pad = " ".repeat(widths[i] - line[i].length());
                text.append(columns.get(i).numeric() ? pad + line[i] : line[i] + pad);
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return value.toString();
    }
}
