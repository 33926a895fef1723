package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.testing.Http;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every query of every dashboard (variables, annotations, panel targets), interpolated as Grafana does for the time
 * range of the {@link DashboardStack}, run against its real Prometheus and PostgreSQL: each must be accepted and
 * return data — Prometheus series with finite samples carrying the labels the legend names, SQL rows with the columns
 * the panel needs and, where there are numbers, some that are not 0.
 */
class DashboardQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DashboardStack stack;

    @BeforeAll
    static void startStack() {
        stack = DashboardStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyQueryReturnsData() {
        QueryRunner runner = runner();
        return GrafanaFiles.dashboards().stream().map(d -> dynamicContainer(d.file(), tests(d, runner)));
    }

    /**
     * The program table and the per-system table show what the analyzer's own report says
     * ({@code GET /v1/programs/{name}/energy}): the same runs, energy per run (max, min, mean, total) and power.
     */
    @Test
    void programFiguresAreTheAnalyzersReport() {
        QueryRunner runner = runner();
        Dashboard dashboard = dashboard("program-energy.json");
        Interpolator interpolator = new Interpolator(resolveAll(dashboard, runner), builtins(runner));
        List<Map<String, Object>> byProgram = runner.rows(interpolator.apply(sql(dashboard, "Energy and power by program"), Interpolator.Dialect.SQL));
        List<Map<String, Object>> bySystem = runner.rows(interpolator.apply(sql(dashboard, "Energy and power by program and system"),
                Interpolator.Dialect.SQL));
        assertThat(byProgram).extracting(row -> row.get("program")).containsExactly("gromacs", "hpl", "lulesh");
        for (Map<String, Object> row : byProgram) {
            JsonNode report = json(Http.get(stack.analyzerUrl() + "/v1/programs/" + row.get("program") + "/energy", "application/json").body());
            expectSameFigures(row, report.path("overall"));
            for (JsonNode system : report.path("systems")) {
                Map<String, Object> systemRow = bySystem.stream()
                        .filter(r -> r.get("program").equals(row.get("program")) && r.get("system").equals(system.path("system").asText()))
                        .findFirst().orElseThrow(() -> new AssertionError("no row for " + row.get("program") + " on " + system.path("system")));
                expectSameFigures(systemRow, system);
            }
        }
        assertThat(bySystem).hasSize(5); // lulesh and gromacs on both systems, hpl on the Xeons
    }

    /** The hardware's view of throttling: node-b's ceiling is lowered and node-a2's package 0 capped, nothing else. */
    @Test
    void throttledStateShowsTheLoweredNodeAndTheCappedOne() {
        QueryRunner runner = runner();
        Dashboard dashboard = dashboard("node-power.json");
        Interpolator interpolator = new Interpolator(resolveAll(dashboard, runner), builtins(runner));
        JsonNode panel = panel(dashboard, "Throttled nodes (from the hardware)");
        Map<String, Double> lowered = latestByNode(interpolator.apply(expr(panel, 0), Interpolator.Dialect.PROMETHEUS));
        Map<String, Double> capped = latestByNode(interpolator.apply(expr(panel, 1), Interpolator.Dialect.PROMETHEUS));
        assertThat(lowered).containsExactlyInAnyOrderEntriesOf(
                Map.of(DashboardStack.NODE_A1, 0.0, DashboardStack.NODE_A2, 0.0, DashboardStack.NODE_B, 1.0));
        assertThat(capped).containsEntry(DashboardStack.NODE_A1, 0.0).containsEntry(DashboardStack.NODE_A2, 1.0);
        // the laptop part's long-term limit (15 W) is its TDP: not capped
        assertThat(capped).containsEntry(DashboardStack.NODE_B, 0.0);
    }

    private static QueryRunner runner() {
        return new QueryRunner(stack.prometheus().baseUrl(), stack::database, stack.startedAt(), Instant.now(),
                DashboardStack.SCRAPE_INTERVAL.toSeconds());
    }

    private static Dashboard dashboard(String file) {
        return GrafanaFiles.dashboards().stream().filter(d -> d.file().equals(file)).findFirst().orElseThrow();
    }

    private static JsonNode panel(Dashboard dashboard, String title) {
        return dashboard.panels().stream().filter(p -> p.path("title").asText().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError(dashboard.file() + " has no panel \"" + title + "\""));
    }

    private static String expr(JsonNode panel, int target) {
        return panel.path("targets").get(target).path("expr").asText();
    }

    private static String sql(Dashboard dashboard, String title) {
        return panel(dashboard, title).path("targets").get(0).path("rawSql").asText();
    }

    private static void expectSameFigures(Map<String, Object> row, JsonNode summary) {
        String what = row.get("program") + (row.containsKey("system") ? " on " + row.get("system") : "");
        assertThat(((Number) row.get("runs")).longValue()).as("%s runs", what).isEqualTo(summary.path("runs").asLong());
        JsonNode energy = summary.path("energyJoules");
        expectClose(row, "max energy", energy.path("max"), what);
        expectClose(row, "min energy", energy.path("min"), what);
        expectClose(row, "mean energy", energy.path("mean"), what);
        expectClose(row, "total energy", energy.path("total"), what);
        expectClose(row, "peak power", summary.path("peakWatts"), what);
        expectClose(row, "min power", summary.path("minWatts"), what);
        expectClose(row, "mean power", summary.path("meanWatts"), what);
    }

    private static void expectClose(Map<String, Object> row, String column, JsonNode expected, String what) {
        assertThat(((Number) row.get(column)).doubleValue()).as("%s: %s", what, column)
                .isCloseTo(expected.asDouble(), Percentage.withPercentage(1e-6));
    }

    /** The latest value of each node's series of an instant query. */
    private static Map<String, Double> latestByNode(String promql) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode series : stack.prometheus().query(promql)) {
            values.put(series.path("metric").path("node").asText(), Double.parseDouble(series.path("value").get(1).asText()));
        }
        return values;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every variable of {@code dashboard} resolved in order, as {@link #everyQueryReturnsData()} does one by one. */
    private static Map<String, Interpolator.Selection> resolveAll(Dashboard dashboard, QueryRunner runner) {
        Map<String, Interpolator.Selection> resolved = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.variables()) {
            resolved.put(variable.path("name").asText(), resolve(dashboard, variable, new Interpolator(resolved, builtins(runner)), runner));
        }
        return resolved;
    }

    /** Grafana's built-in variables for the runner's range: the interval is the step, the rate window four scrapes. */
    static Map<String, String> builtins(QueryRunner runner) {
        long range = Duration.between(runner.from(), runner.to()).toSeconds();
        long scrape = DashboardStack.SCRAPE_INTERVAL.toSeconds();
        return Map.of(
                "__interval", scrape + "s",
                "__interval_ms", Long.toString(scrape * 1000),
                "__rate_interval", Math.max(2 * scrape, 4 * scrape) + "s", // max($__interval + scrape, 4 × scrape)
                "__range", range + "s",
                "__range_s", Long.toString(range),
                "__range_ms", Long.toString(range * 1000));
    }

    private static Stream<DynamicNode> tests(Dashboard dashboard, QueryRunner runner) {
        Map<String, Interpolator.Selection> resolved = new LinkedHashMap<>();
        Map<String, String> builtins = builtins(runner);
        List<DynamicNode> tests = new ArrayList<>();
        for (JsonNode variable : dashboard.variables()) {
            String name = variable.path("name").asText();
            tests.add(dynamicTest("variable $" + name + " offers values",
                    () -> resolved.put(name, resolve(dashboard, variable, new Interpolator(resolved, builtins), runner))));
        }
        for (Query query : dashboard.panelQueries()) {
            tests.add(dynamicTest(query.where() + " " + query.refId() + " returns data",
                    () -> expectData(query, new Interpolator(resolved, builtins), runner)));
        }
        return tests.stream();
    }

    /** A variable's options (from its query), and the values its {@code current} selects (All: every option). */
    private static Interpolator.Selection resolve(Dashboard dashboard, JsonNode variable, Interpolator interpolator, QueryRunner runner) {
        String name = variable.path("name").asText();
        List<String> options = new ArrayList<>();
        switch (variable.path("type").asText()) {
            case "custom" -> {
                for (String option : variable.path("query").asText().split(",")) {
                    options.add(option.strip());
                }
            }
            case "query" -> {
                Query query = dashboard.variableQueries().stream().filter(q -> q.refId().equals(name)).findFirst().orElseThrow();
                String text = interpolator.apply(query.text(), query.prometheus() ? Interpolator.Dialect.PROMETHEUS : Interpolator.Dialect.SQL);
                options.addAll(runner.variableOptions(query, text));
            }
            case "textbox", "constant" -> options.add(variable.path("query").asText());
            default -> throw new AssertionError("$" + name + ": variables of type " + variable.path("type").asText() + " are not supported here");
        }
        assertThat(options).as("options of $%s", name).isNotEmpty();
        assertThat(variable.has("allValue") && !variable.path("allValue").asText().isEmpty())
                .as("$%s has a custom allValue, which Grafana inserts unescaped: not reproduced here", name).isFalse();
        List<String> current = new ArrayList<>();
        JsonNode value = variable.path("current").path("value");
        if (value.isArray()) {
            value.forEach(v -> current.add(v.asText()));
        } else if (!value.isMissingNode()) {
            current.add(value.asText());
        }
        List<String> selected = current.isEmpty() || current.contains("$__all") ? options : current;
        assertThat(options).as("options of $%s hold its current selection", name).containsAll(selected);
        return new Interpolator.Selection(List.copyOf(selected), variable.path("multi").asBoolean(), variable.path("includeAll").asBoolean());
    }

    private static void expectData(Query query, Interpolator interpolator, QueryRunner runner) {
        if (query.prometheus()) {
            String promql = interpolator.apply(query.text(), Interpolator.Dialect.PROMETHEUS);
            QueryRunner.PromResult result = runner.prometheus(query, promql);
            if (result.finiteSamples() == 0) {
            }
            assertThat(result.finiteSamples()).as("finite samples of %s\n%s", query, promql).isPositive();
            for (JsonNode series : result.series()) {
                for (String label : query.labels()) {
                    assertThat(series.has(label)).as("%s: series %s has label %s (its legend shows it)", query, series, label).isTrue();
                }
            }
        } else if (query.sql()) {
            String sql = interpolator.apply(query.text(), Interpolator.Dialect.SQL);
            QueryRunner.SqlResult result = runner.sql(query, sql);
            assertThat(result.rows()).as("rows of %s\n%s", query, sql).isPositive();
            assertThat(result.columns()).as("columns of %s", query).containsAll(query.columns());
            if (result.numericColumns() > 0) {
                assertThat(result.nonZeroNumbers()).as("numbers other than null and 0 in %s\n%s", query, sql).isPositive();
            }
        } else {
            throw new AssertionError(query + ": unknown data source type " + query.type());
        }
    }
}
