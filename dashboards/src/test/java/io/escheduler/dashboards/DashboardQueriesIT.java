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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every query of every dashboard (variables, annotations, panel targets), interpolated as Grafana does for the time
 * range of the {@link DashboardStack}, run against its real Prometheus and PostgreSQL: each must be accepted and
 * return data — Prometheus series with finite samples carrying the labels the legend names, some of them not 0 (a
 * metric that exists but never moved shows nothing), SQL rows with the columns the panel needs and, where there are
 * numbers, some that are not 0. Then the panels whose figures the stack decides are compared with it: program
 * energy with the analyzer's report, throttling and node states with what the stack set up, actions with the audit
 * trail of power-manager's executor and with what it must have done ({@link DashboardStack#EXPECTED_ACTIONS}).
 */
class DashboardQueriesIT {

    /**
     * Prometheus queries whose every sample is 0 in the stack, and why; each is checked to be all 0 (a value would be
     * a fault of the stack), the others to have a value that is not.
     */
    static final Map<String, String> ZERO_IN_THE_STACK = Map.of(
            "node-power.json panel \"Exporter read errors\" A", "the fixture machines' domains all read without error");

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

    /**
     * The table of what placement reads ranks every known system for each program exactly as
     * {@code GET /v1/placement?program=X} does: never-ran systems first at 0 W, then by highest peak, ties by name.
     */
    @Test
    void placementTableRanksAsPlacementDoes() {
        QueryRunner runner = runner();
        Dashboard dashboard = dashboard("program-energy.json");
        Interpolator interpolator = new Interpolator(resolveAll(dashboard, runner), builtins(runner));
        List<Map<String, Object>> rows = runner.rows(interpolator.apply(sql(dashboard,
                "Placement of every program on every system, from all runs ever (what GET /v1/placement answers)"), Interpolator.Dialect.SQL));
        int compared = 0;
        for (String program : List.of("gromacs", "hpl", "lulesh")) {
            JsonNode ranking = json(Http.get(stack.analyzerUrl() + "/v1/placement?program=" + program, "application/json").body())
                    .path("ranking");
            List<Map<String, Object>> ofProgram = rows.stream().filter(r -> r.get("program").equals(program)).toList();
            assertThat(ofProgram).as("rows of %s", program).hasSize(ranking.size());
            for (JsonNode entry : ranking) {
                Map<String, Object> row = ofProgram.stream().filter(r -> r.get("system").equals(entry.path("system").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("no row for " + program + " on " + entry.path("system")));
                assertThat(((Number) row.get("placement rank")).intValue()).as("%s on %s", program, entry.path("system"))
                        .isEqualTo(entry.path("rank").asInt());
                expectClose(row, "placement score (highest peak)", entry.path("score"), program + " on " + entry.path("system"));
                assertThat(((Number) row.get("runs")).intValue()).isEqualTo(entry.path("runs").asInt());
                compared++;
            }
        }
        // hpl never ran on the laptop: placement puts it first at 0 W, before the Xeons where it ran
        assertThat(rows.stream().filter(r -> r.get("program").equals("hpl") && r.get("system").equals(DashboardStack.LAPTOP))
                .map(r -> ((Number) r.get("placement rank")).intValue()).toList()).containsExactly(1);
        assertThat(compared).isEqualTo(6);
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

    /**
     * power-manager's node states as the stack left them ({@link DashboardStack#NODE_STATES}): on the policy dashboard's
     * stat and time series (their latest values) and, for throttling, on the node dashboard; and its one replica leads.
     */
    @Test
    void nodeStatePanelsShowWhatTheStackSetUp() {
        QueryRunner runner = runner();
        Dashboard policies = dashboard("policy-decisions.json");
        assertThat(latest(runner, policies, "Nodes by state", "state")).isEqualTo(DashboardStack.NODE_STATES);
        assertThat(latest(runner, policies, "Nodes powered off, cordoned, cpufreq-lowered, power-capped", "state"))
                .isEqualTo(DashboardStack.NODE_STATES);
        assertThat(latest(runner, dashboard("node-power.json"), "Throttled nodes (power-manager's view)", "state"))
                .isEqualTo(Map.of("cpufreq-lowered", 1.0, "power-capped", 1.0));
        assertThat(latest(runner, policies, "Acting replica", "instance")).containsOnlyKeys(stack.managerUrl().replace("http://", ""))
                .containsValue(1.0);
    }

    /**
     * What the executor did, to the Kubernetes API and the power driver, is what the stack expects: the pods' evictions
     * as the API server answered them, the nodes' annotations, one call of the exec driver per power action, every
     * action in the audit trail under the identity that holds the Lease.
     */
    @Test
    void powerManagerActedOnTheClusterThroughItsExecutor() throws SQLException {
        KubernetesApi kubernetes = stack.kubernetes();
        List<DashboardStack.Audited> audited = stack.audited();
        assertThat(audited).containsExactlyInAnyOrderElementsOf(DashboardStack.EXPECTED_ACTIONS);
        for (String node : List.of(DashboardStack.NODE_C, DashboardStack.NODE_D, DashboardStack.NODE_E)) {
            assertThat(audited.stream().filter(a -> a.node().equals(node)).toList()).as("actions on %s, in order", node)
                    .containsExactlyElementsOf(DashboardStack.EXPECTED_ACTIONS.stream().filter(a -> a.node().equals(node)).toList());
        }
        assertThat(stack.powerCalls()).containsExactlyInAnyOrder("off " + DashboardStack.NODE_C, "on " + DashboardStack.NODE_D);

        JsonNode nodeC = kubernetes.get("api/v1/nodes/" + DashboardStack.NODE_C);
        assertThat(nodeC.path("spec").path("unschedulable").asBoolean()).isTrue();
        assertThat(nodeC.path("metadata").path("annotations").path("energy.escheduler.io/powered-off").asText()).isEqualTo("true");
        assertThat(nodeC.path("metadata").path("annotations").path("energy.escheduler.io/cordoned-by").asText()).isEqualTo("consolidation");
        JsonNode nodeD = kubernetes.get("api/v1/nodes/" + DashboardStack.NODE_D);
        assertThat(nodeD.path("metadata").path("annotations").has("energy.escheduler.io/power-on-failed")).isTrue();
        assertThat(nodeD.path("metadata").path("annotations").has("energy.escheduler.io/powered-off")).isFalse();
        JsonNode nodeE = kubernetes.get("api/v1/nodes/" + DashboardStack.NODE_E);
        assertThat(nodeE.path("spec").path("unschedulable").asBoolean()).isFalse();
        assertThat(nodeE.path("metadata").path("annotations").has("energy.escheduler.io/cordoned-by")).isFalse();
        assertThat(kubernetes.exists("api/v1/namespaces/default/pods/web-1")).isFalse();
        assertThat(kubernetes.exists("api/v1/namespaces/default/pods/api-1")).isTrue();

        String holder = kubernetes.get(DashboardStack.LEASE).path("spec").path("holderIdentity").asText();
        assertThat(holder).isNotEmpty();
        try (Connection connection = stack.database(); Statement statement = connection.createStatement();
             ResultSet actors = statement.executeQuery("SELECT DISTINCT actor FROM power_manager.policy_action")) {
            List<String> distinct = new ArrayList<>();
            while (actors.next()) {
                distinct.add(actors.getString(1));
            }
            assertThat(distinct).containsExactly(holder);
        }
    }

    /**
     * The action panels count what the executor audited: by outcome over the time range, by policy, action and outcome
     * in the table, and over time only the policies, outcomes and kinds that acted. Prometheus' {@code increase} over
     * the range extrapolates a little past the samples, hence the rounding.
     */
    @Test
    void actionPanelsCountWhatTheExecutorAudited() {
        QueryRunner runner = runner();
        Dashboard dashboard = dashboard("policy-decisions.json");
        List<DashboardStack.Audited> expected = DashboardStack.EXPECTED_ACTIONS;

        Map<String, Long> byOutcome = count(expected, DashboardStack.Audited::outcome);
        assertThat(rounded(latest(runner, dashboard, "Actions in the time range, by outcome", "outcome"))).isEqualTo(byOutcome);
        Map<String, Long> byPolicyKindOutcome = count(expected, a -> a.policy() + " " + a.kind() + " " + a.outcome());
        assertThat(rounded(latest(runner, dashboard, "Executed in the time range, by policy, action and outcome", "policy", "kind", "outcome")))
                .isEqualTo(byPolicyKindOutcome);

        assertThat(nonZeroSeries(runner, dashboard, "Executed actions by policy", "policy"))
                .containsExactlyInAnyOrderElementsOf(count(expected.stream().filter(a -> a.outcome().equals("done")).toList(),
                        DashboardStack.Audited::policy).keySet());
        assertThat(nonZeroSeries(runner, dashboard, "Actions by policy and outcome", "policy", "outcome"))
                .containsExactlyInAnyOrderElementsOf(count(expected, a -> a.policy() + " " + a.outcome()).keySet());
        assertThat(nonZeroSeries(runner, dashboard, "Actions by kind", "kind"))
                .containsExactlyInAnyOrderElementsOf(count(expected, DashboardStack.Audited::kind).keySet());

        Interpolator interpolator = new Interpolator(resolveAll(dashboard, runner), builtins(runner));
        Map<String, Long> audited = new TreeMap<>();
        for (Map<String, Object> row : runner.rows(interpolator.apply(sql(dashboard, "Audited actions by policy and action"), Interpolator.Dialect.SQL))) {
            for (String outcome : List.of("done", "skipped", "failed")) {
                long n = ((Number) row.get(outcome)).longValue();
                if (n != 0) {
                    audited.put(row.get("policy and action") + " " + outcome, n);
                }
            }
        }
        assertThat(audited).isEqualTo(byPolicyKindOutcome);
    }

    /**
     * Dry-run plans show beside the enforced ones: DVFS, in dry-run, would lower node-a2's ceiling (20 % busy, under
     * the stack's 30 %) and the latest-plan table says so; the plan power-manager serves is the same.
     */
    @Test
    void latestPlanTableShowsTheDryRunPlans() {
        QueryRunner runner = runner();
        Map<String, Double> latest = latest(runner, dashboard("policy-decisions.json"), "Latest plan, by policy, action and mode",
                "policy", "kind", "mode");
        JsonNode plan = json(Http.get(stack.managerUrl() + "/v1/plans/dvfs", "application/json").body());
        assertThat(latest).as("DVFS's plan: %s; every plan: %s", plan, Http.get(stack.managerUrl() + "/v1/plans").body())
                .containsEntry("dvfs set-cpufreq dry-run", 1.0).containsEntry("dvfs set-cpufreq enforce", 0.0);
        assertThat(plan.path("mode").asText()).isEqualTo("dry-run");
        assertThat(plan.path("actions").findValuesAsText("node")).containsExactly(DashboardStack.NODE_A2);
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

    /** A panel's Prometheus query (its first target), interpolated and run as Grafana runs it. */
    private static QueryRunner.PromResult run(QueryRunner runner, Dashboard dashboard, String title) {
        Query query = dashboard.panelQueries().stream().filter(q -> q.where().equals("panel \"" + title + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError(dashboard.file() + " has no query in panel \"" + title + "\""));
        Interpolator interpolator = new Interpolator(resolveAll(dashboard, runner), builtins(runner));
        return runner.prometheus(query, interpolator.apply(query.text(), Interpolator.Dialect.PROMETHEUS));
    }

    /** The latest value of each series of a panel's query, keyed by the values of {@code labels} joined by spaces. */
    private static Map<String, Double> latest(QueryRunner runner, Dashboard dashboard, String title, String... labels) {
        QueryRunner.PromResult result = run(runner, dashboard, title);
        Map<String, Double> latest = new TreeMap<>();
        for (int i = 0; i < result.series().size(); i++) {
            List<Double> values = result.values().get(i);
            assertThat(values).as("samples of %s", result.series().get(i)).isNotEmpty();
            latest.put(key(result.series().get(i), labels), values.get(values.size() - 1));
        }
        return latest;
    }

    /** The series of a panel's query with a sample other than 0, by the values of {@code labels} joined by spaces. */
    private static List<String> nonZeroSeries(QueryRunner runner, Dashboard dashboard, String title, String... labels) {
        QueryRunner.PromResult result = run(runner, dashboard, title);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < result.series().size(); i++) {
            if (result.values().get(i).stream().anyMatch(v -> Double.isFinite(v) && v != 0)) {
                keys.add(key(result.series().get(i), labels));
            }
        }
        return keys;
    }

    private static String key(JsonNode series, String... labels) {
        List<String> values = new ArrayList<>();
        for (String label : labels) {
            values.add(series.path(label).asText());
        }
        return String.join(" ", values);
    }

    /** The values rounded to whole numbers, those that round to 0 left out. */
    private static Map<String, Long> rounded(Map<String, Double> values) {
        Map<String, Long> rounded = new TreeMap<>();
        values.forEach((k, v) -> {
            if (Math.round(v) != 0) {
                rounded.put(k, Math.round(v));
            }
        });
        return rounded;
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        return new TreeMap<>(items.stream().collect(Collectors.groupingBy(key, Collectors.counting())));
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
            assertThat(result.finiteSamples()).as("finite samples of %s\n%s", query, promql).isPositive();
            String zero = ZERO_IN_THE_STACK.get(query.toString());
            if (zero == null) {
                assertThat(result.nonZeroSamples()).as("samples other than 0 of %s\n%s", query, promql).isPositive();
            } else {
                assertThat(result.nonZeroSamples()).as("samples other than 0 of %s (all 0 here: %s)\n%s", query, zero, promql).isZero();
            }
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
