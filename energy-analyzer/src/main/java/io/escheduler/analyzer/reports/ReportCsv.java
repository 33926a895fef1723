package io.escheduler.analyzer.reports;

import java.math.BigDecimal;

/**
 * A report as CSV ({@code text/csv}, RFC 4180): a header row, CRLF line ends, fields quoted when
 * they hold a comma, quote or line break (quotes doubled). Figures keep full precision in plain
 * notation (W, J, s as the header says); an empty field where there is no complete run.
 */
public final class ReportCsv {

    private ReportCsv() {
    }

    public static String render(Report report) {
        StringBuilder out = new StringBuilder();
        line(out, ReportColumns.COLUMNS.stream().map(ReportColumns.Column::csvName).toArray());
        for (ReportColumns.Row row : ReportColumns.rows(report)) {
            line(out, ReportColumns.COLUMNS.stream().map(c -> c.value().apply(row)).toArray());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(values[i]));
        }
        out.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
