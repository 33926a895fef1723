package io.escheduler.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the time macros of Grafana's PostgreSQL data source as its back end does
 * ({@code pkg/tsdb/grafana-postgresql-datasource/macros.go}): {@code $__time(c)}, {@code $__timeEpoch(c)},
 * {@code $__timeFilter(c)} → {@code c BETWEEN '<from>' AND '<to>'}, {@code $__timeFrom()}, {@code $__timeTo()},
 * {@code $__timeGroup(c, interval)} → {@code floor(extract(epoch from c)/s)*s}, {@code $__timeGroupAlias},
 * {@code $__unixEpochFilter(c)}, {@code $__unixEpochFrom()}, {@code $__unixEpochTo()}. Times are RFC 3339 in
 * UTC (fractions in groups of three digits where Go trims trailing zeros: PostgreSQL reads both). Fill modes (a
 * third {@code $__timeGroup} argument) and TimescaleDB's {@code time_bucket} are not reproduced: a query that uses
 * them fails here.
 */
final class SqlMacros {

    /** The back end's pattern: a macro's arguments hold no parenthesis. */
    private static final Pattern MACRO = Pattern.compile("\\$(\\w+)\\(([^)]*)\\)");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private SqlMacros() {
    }

    static String expand(String sql, Instant from, Instant to) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] args = m.group(2).isBlank() ? new String[0] : m.group(2).split(",");
            for (int i = 0; i < args.length; i++) {
                args[i] = args[i].strip();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(m.group(1), args, from, to)));
        }
        m.appendTail(out);
        String expanded = out.toString();
        if (expanded.contains("$__")) {
            throw new IllegalArgumentException("a $__ name is left after the macros: " + expanded);
        }
        return expanded;
    }

    private static String macro(String name, String[] args, Instant from, Instant to) {
        return switch (name) {
            case "__time" -> column(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + column(name, args) + ") as \"time\"";
            case "__timeFilter" -> column(name, args) + " BETWEEN " + literal(from) + " AND " + literal(to);
            case "__timeFrom" -> literal(from);
            case "__timeTo" -> literal(to);
            case "__timeGroup" -> timeGroup(name, args);
            case "__timeGroupAlias" -> timeGroup(name, args) + " AS \"time\"";
            case "__unixEpochFilter" -> column(name, args) + " >= " + from.getEpochSecond() + " AND " + args[0] + " <= " + to.getEpochSecond();
            case "__unixEpochFrom" -> Long.toString(from.getEpochSecond());
            case "__unixEpochTo" -> Long.toString(to.getEpochSecond());
            default -> throw new IllegalArgumentException("unknown macro $" + name);
        };
    }

    private static String column(String name, String[] args) {
        if (args.length == 0 || args[0].isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro $" + name);
        }
        return args[0];
    }

    private static String timeGroup(String name, String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("$" + name + " needs a time column and an interval (fill modes are not reproduced here)");
        }
        double seconds = intervalSeconds(args[1].replace("'", ""));
        String s = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return "floor(extract(epoch from " + args[0] + ")/" + s + ")*" + s;
    }

    static double intervalSeconds(String interval) {
        Matcher m = INTERVAL.matcher(interval);
        if (!m.matches()) {
            throw new IllegalArgumentException("error parsing interval " + interval);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        return d.toMillis() / 1000.0;
    }

    private static String literal(Instant instant) {
        return "'" + DateTimeFormatter.ISO_INSTANT.format(instant) + "'";
    }
}
