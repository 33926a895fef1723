package io.escheduler.dashboards;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces template variables in a query the way Grafana's front end does before it sends the query
 * (Grafana's {@code TemplateSrv.replace} with the data source's {@code interpolateVariable}):
 * <ul>
 *   <li>Prometheus ({@code interpolateQueryExpr}): a variable that is neither multi-value nor has "All" is
 *   inserted as is (backslashes and single quotes escaped); otherwise each value is regex-escaped and several
 *   become {@code (a|b)}.</li>
 *   <li>SQL ({@code SqlDatasource.interpolateVariable}): a single-value variable is inserted with {@code '}
 *   doubled; a multi-value or All one as quoted literals joined by commas: {@code 'a','b'}.</li>
 *   <li>Formats {@code ${name:sqlstring}}, {@code :regex}, {@code :raw}, {@code :csv}, {@code :pipe}.</li>
 *   <li>Built-ins ({@code $__rate_interval}, {@code $__interval}, {@code $__range}, ...) from a fixed map. In SQL, a
 *   {@code $__name(...)} not among them is a macro the back end expands ({@link SqlMacros}) and stays.</li>
 * </ul>
 * Anything else (an unknown variable or built-in, the deprecated {@code [[name]]} syntax, an unknown format) is an
 * error: a query the test cannot interpolate exactly is not a query it may claim to have run.
 */
final class Interpolator {

    enum Dialect { PROMETHEUS, SQL }

    /** The values chosen for a variable, and the two settings that change how Grafana inserts them. */
    record Selection(List<String> values, boolean multi, boolean includeAll) {
    }

    /** Grafana's variable syntax: {@code $name}, {@code [[name:format]]}, {@code ${name.field:format}}. */
    static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

    private final Map<String, Selection> variables;
    private final Map<String, String> builtins;

    Interpolator(Map<String, Selection> variables, Map<String, String> builtins) {
        this.variables = variables;
        this.builtins = builtins;
    }

    /** The names of the dashboard variables {@code text} uses (built-ins and macros, {@code $__...}, left out). */
    static Set<String> variablesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = name(m);
            if (!name.startsWith("__")) {
                names.add(name);
            }
        }
        return names;
    }

    String apply(String text, Dialect dialect) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(2) != null) {
                throw new IllegalArgumentException("deprecated [[" + m.group(2) + "]] syntax: use ${" + m.group(2) + "}");
            }
            String name = name(m);
            String replacement;
            if (name.startsWith("__")) {
                if (builtins.containsKey(name)) {
                    replacement = builtins.get(name);
                } else if (dialect == Dialect.SQL && m.group(1) != null && m.end() < text.length() && text.charAt(m.end()) == '(') {
                    replacement = m.group(); // a macro: the SQL back end expands it
                } else {
                    throw new IllegalArgumentException("unknown built-in variable $" + name);
                }
            } else {
                Selection selection = variables.get(name);
                if (selection == null) {
                    throw new IllegalArgumentException("variable $" + name + " is not defined (or not resolved yet)");
                }
                if (m.group(5) != null) {
                    throw new IllegalArgumentException("${" + name + "." + m.group(5) + "}: field paths are not supported here");
                }
                replacement = format(selection, m.group(6), dialect);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String name(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
    }

    static String format(Selection selection, String format, Dialect dialect) {
        List<String> values = selection.values();
        if (format == null) {
            return dialect == Dialect.PROMETHEUS ? prometheus(selection) : sql(selection);
        }
        return switch (format) {
            case "sqlstring" -> values.stream().map(Interpolator::quoteLiteral).collect(Collectors.joining(","));
            case "regex" -> values.size() == 1 ? regexEscape(values.get(0))
                    : values.stream().map(Interpolator::regexEscape).collect(Collectors.joining("|", "(", ")"));
            case "raw", "csv" -> String.join(",", values);
            case "pipe" -> String.join("|", values);
            default -> throw new IllegalArgumentException("format :" + format + " is not supported here");
        };
    }

    /** Grafana's Prometheus data source: {@code interpolateQueryExpr}. */
    private static String prometheus(Selection selection) {
        List<String> values = selection.values();
        if (!selection.multi() && !selection.includeAll()) {
            return String.join(",", values).replace("\\", "\\\\").replace("'", "\\\\'");
        }
        List<String> escaped = values.stream().map(Interpolator::prometheusRegexEscape).toList();
        return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
    }

    /** Grafana's {@code prometheusSpecialRegexEscape}: escaped for a regex inside a PromQL string. */
    static String prometheusRegexEscape(String value) {
        return value.replace("\\", "\\\\\\\\").replaceAll("[$^*{}\\[\\]'+?.()|]", "\\\\\\\\$0");
    }

    /** Grafana's SQL data sources: {@code SqlDatasource.interpolateVariable}. */
    private static String sql(Selection selection) {
        List<String> values = selection.values();
        if (!selection.multi() && !selection.includeAll() && values.size() == 1) {
            return values.get(0).replace("'", "''");
        }
        return values.stream().map(Interpolator::quoteLiteral).collect(Collectors.joining(","));
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String regexEscape(String value) {
        return value.replaceAll("[\\\\^$.|?*+()\\[\\]{}/]", "\\\\$0");
    }
}
