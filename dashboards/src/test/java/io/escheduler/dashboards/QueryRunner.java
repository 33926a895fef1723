package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a dashboard's queries as Grafana would for one time range, against the real Prometheus HTTP API and the real
 * PostgreSQL, and says what came back.
 */
final class QueryRunner {

    /** Grafana's Prometheus variable function {@code label_values(selector, label)} or {@code label_values(label)}. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),\\s*)?(\\w+)\\s*\\)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A database connection for one query. */
    interface Database {
        Connection connect() throws SQLException;
    }

    /**
     * A Prometheus answer: its series (label sets), how many samples are finite numbers and how many of those are not
     * 0, and each series' samples in time order (instant queries: one).
     */
    record PromResult(List<JsonNode> series, int finiteSamples, int nonZeroSamples, List<List<Double>> values) {
    }

    /** An SQL answer: its columns, rows, and how many numeric cells are neither null nor 0. */
    record SqlResult(List<String> columns, int rows, int numericColumns, int nonZeroNumbers) {
    }

    private final String prometheusUrl;
    private final Database database;
    private final Instant from;
    private final Instant to;
    private final long stepSeconds;

    QueryRunner(String prometheusUrl, Database database, Instant from, Instant to, long stepSeconds) {
        this.prometheusUrl = prometheusUrl;
        this.database = database;
        this.from = from;
        this.to = to;
        this.stepSeconds = stepSeconds;
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    /** The options a query variable offers: Prometheus {@code label_values}, or an SQL query's first column. */
    List<String> variableOptions(Query query, String interpolated) {
        if (query.prometheus()) {
            Matcher m = LABEL_VALUES.matcher(interpolated.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(query + ": only label_values(...) variable queries are supported here: " + interpolated);
            }
            StringBuilder url = new StringBuilder(prometheusUrl).append("/api/v1/label/").append(m.group(2)).append("/values?start=")
                    .append(from.getEpochSecond()).append("&end=").append(to.getEpochSecond());
            if (m.group(1) != null) {
                url.append("&match[]=").append(encode(m.group(1).strip()));
            }
            JsonNode answer = prometheusGet(url.toString(), interpolated);
            Set<String> values = new TreeSet<>();
            answer.path("data").forEach(v -> values.add(v.asText()));
            return List.copyOf(values);
        }
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(SqlMacros.expand(interpolated, from, to))) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage() + "\n" + interpolated, e);
        }
        return values;
    }

    /** Runs PromQL as an instant query at the range's end, or as a range query over it with the step. */
    PromResult prometheus(Query query, String promql) {
        String url = query.instant()
                ? prometheusUrl + "/api/v1/query?query=" + encode(promql) + "&time=" + to.getEpochSecond()
                : prometheusUrl + "/api/v1/query_range?query=" + encode(promql) + "&start=" + from.getEpochSecond() + "&end="
                        + to.getEpochSecond() + "&step=" + stepSeconds;
        JsonNode result = prometheusGet(url, promql).path("data").path("result");
        List<JsonNode> series = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        int finite = 0;
        int nonZero = 0;
        for (JsonNode s : result) {
            series.add(s.path("metric"));
            List<JsonNode> samples = new ArrayList<>();
            if (s.has("value")) {
                samples.add(s.path("value"));
            }
            s.path("values").forEach(samples::add);
            List<Double> numbers = new ArrayList<>();
            for (JsonNode sample : samples) {
                double v = Double.parseDouble(sample.get(1).asText());
                numbers.add(v);
                if (Double.isFinite(v)) {
                    finite++;
                    if (v != 0) {
                        nonZero++;
                    }
                }
            }
            values.add(numbers);
        }
        return new PromResult(series, finite, nonZero, values);
    }

    SqlResult sql(Query query, String interpolated) {
        String sql = SqlMacros.expand(interpolated, from, to);
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            Set<Integer> numeric = new LinkedHashSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
                if (isNumeric(meta.getColumnType(i))) {
                    numeric.add(i);
                }
            }
            int count = 0;
            int nonZero = 0;
            while (rows.next()) {
                count++;
                for (int i : numeric) {
                    double v = rows.getDouble(i);
                    if (!rows.wasNull() && v != 0) {
                        nonZero++;
                    }
                }
            }
            return new SqlResult(columns, count, numeric.size(), nonZero);
        } catch (SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The rows of an SQL query (macros expanded), column label → value. */
    List<Map<String, Object>> rows(String interpolated) {
        String sql = SqlMacros.expand(interpolated, from, to);
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
        } catch (SQLException e) {
            throw new AssertionError(e.getMessage() + "\n" + sql, e);
        }
        return result;
    }

    private static boolean isNumeric(int type) {
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.DOUBLE, Types.REAL, Types.FLOAT, Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static JsonNode prometheusGet(String url, String what) {
        Http.Response response = Http.get(url, "application/json");
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus answered " + response.status() + " to " + what + ": " + response.body(), e);
        }
        if (!response.ok() || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + what + ": " + body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        return body;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
