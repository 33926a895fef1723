package io.escheduler.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What Grafana needs of each dashboard's JSON model, and what the project asks of every panel. */
class DashboardJsonTest {

    private static final List<Dashboard> DASHBOARDS = GrafanaFiles.dashboards();
    private static final Map<String, String> DATASOURCES = GrafanaFiles.datasourceTypes();
    /** The panels that draw data (rows and text panels do not). */
    private static final Set<String> DATA_PANELS = Set.of("timeseries", "stat", "table", "barchart", "bargauge", "state-timeline", "gauge");

    @Test
    void theThreeDashboardsAreThere() {
        assertThat(DASHBOARDS).extracting(Dashboard::file)
                .containsExactly("node-power.json", "policy-decisions.json", "program-energy.json");
    }

    @Test
    void everyDashboardHasAUidATitleAndACurrentSchemaVersion() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Dashboard d : DASHBOARDS) {
            assertThat(d.uid()).as("%s uid (at most 40 of [A-Za-z0-9_-])", d.file()).matches("[A-Za-z0-9_-]{1,40}");
            assertThat(uids.add(d.uid())).as("%s: uid %s unique", d.file(), d.uid()).isTrue();
            assertThat(d.json().path("title").asText()).as("%s title", d.file()).isNotBlank();
            assertThat(titles.add(d.json().path("title").asText())).as("%s: title unique", d.file()).isTrue();
            assertThat(d.json().path("schemaVersion").isInt()).as("%s schemaVersion", d.file()).isTrue();
            assertThat(d.json().path("schemaVersion").asInt()).as("%s schemaVersion", d.file()).isGreaterThanOrEqualTo(39);
            assertThat(d.json().path("tags").toString()).as("%s tags", d.file()).contains("\"escheduler\"");
            assertThat(d.json().has("id")).as("%s: no database id (provisioning assigns it)", d.file()).isFalse();
        }
    }

    @Test
    void panelIdsAreUniqueAndPanelsFitTheGridWithoutOverlapping() {
        for (Dashboard d : DASHBOARDS) {
            Set<Integer> ids = new HashSet<>();
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode panel : d.panels()) {
                String name = d.file() + " panel \"" + panel.path("title").asText() + "\"";
                assertThat(panel.path("id").isInt()).as("%s id", name).isTrue();
                assertThat(ids.add(panel.path("id").asInt())).as("%s: id %s unique", name, panel.path("id")).isTrue();
                JsonNode grid = panel.path("gridPos");
                int x = grid.path("x").asInt(-1);
                int y = grid.path("y").asInt(-1);
                int w = grid.path("w").asInt(0);
                int h = grid.path("h").asInt(0);
                assertThat(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24).as("%s gridPos %s within 24 columns", name, grid).isTrue();
                for (int[] other : boxes) {
                    boolean overlap = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
                    assertThat(overlap).as("%s overlaps another panel", name).isFalse();
                }
                boxes.add(new int[] {x, y, w, h});
            }
        }
    }

    @Test
    void everyDataPanelHasATitleADescriptionAndAUnit() {
        for (Dashboard d : DASHBOARDS) {
            for (JsonNode panel : d.panels()) {
                String type = panel.path("type").asText();
                String name = d.file() + " panel " + panel.path("id") + " \"" + panel.path("title").asText() + "\"";
                assertThat(panel.path("title").asText()).as("%s title", name).isNotBlank();
                if ("row".equals(type)) {
                    continue;
                }
                assertThat(DATA_PANELS).as("%s type", name).contains(type);
                assertThat(panel.path("description").asText()).as("%s description", name).hasSizeGreaterThan(20);
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("%s unit", name).isNotBlank();
                assertThat(panel.path("targets").isEmpty()).as("%s has queries", name).isFalse();
            }
        }
    }

    @Test
    void powerEnergyAndFrequencyAreShownInTheirUnits() {
        for (Dashboard d : DASHBOARDS) {
            for (JsonNode panel : d.panels()) {
                String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
                String name = d.file() + " \"" + panel.path("title").asText() + "\"";
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    if (expr.matches("sum by \\([a-z, ]+\\) \\(rate\\(rapl_energy_joules_total.*")) {
                        assertThat(unit).as("%s: RAPL power", name).isEqualTo("watt");
                    }
                    if (expr.contains("increase(rapl_energy_joules_total")) {
                        assertThat(unit).as("%s: RAPL energy", name).isEqualTo("joule");
                    }
                    if (expr.contains("cpu_frequency_hertz")) {
                        assertThat(unit).as("%s: CPU frequency", name).isEqualTo("hertz");
                    }
                    if (expr.contains("cpu_seconds_total")) {
                        assertThat(unit).as("%s: utilisation", name).isEqualTo("percent");
                    }
                }
            }
        }
    }

    @Test
    void everyDataSourceIsReferencedByAProvisionedUidAndItsType() {
        for (Dashboard d : DASHBOARDS) {
            List<JsonNode> references = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (JsonNode panel : d.panels()) {
                if (!"row".equals(panel.path("type").asText())) {
                    references.add(panel.path("datasource"));
                    names.add("panel \"" + panel.path("title").asText() + "\"");
                }
                for (JsonNode target : panel.path("targets")) {
                    references.add(target.path("datasource"));
                    names.add("panel \"" + panel.path("title").asText() + "\" target " + target.path("refId").asText());
                }
            }
            for (JsonNode variable : d.variables()) {
                if ("query".equals(variable.path("type").asText())) {
                    references.add(variable.path("datasource"));
                    names.add("variable $" + variable.path("name").asText());
                }
            }
            for (JsonNode annotation : d.annotations()) {
                references.add(annotation.path("datasource"));
                names.add("annotation \"" + annotation.path("name").asText() + "\"");
                references.add(annotation.path("target").path("datasource"));
                names.add("annotation \"" + annotation.path("name").asText() + "\" target");
            }
            for (int i = 0; i < references.size(); i++) {
                JsonNode ref = references.get(i);
                String name = d.file() + " " + names.get(i);
                assertThat(ref.isObject()).as("%s: datasource {\"type\", \"uid\"} (not a name)", name).isTrue();
                assertThat(DATASOURCES).as("%s: datasource uid %s is provisioned", name, ref.path("uid").asText())
                        .containsKey(ref.path("uid").asText());
                assertThat(ref.path("type").asText()).as("%s: datasource type", name).isEqualTo(DATASOURCES.get(ref.path("uid").asText()));
            }
        }
    }

    @Test
    void everyQueryIsWrittenOutForItsDataSource() {
        for (Dashboard d : DASHBOARDS) {
            for (JsonNode panel : d.panels()) {
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    String name = d.file() + " \"" + panel.path("title").asText() + "\" " + target.path("refId").asText();
                    assertThat(refIds.add(target.path("refId").asText())).as("%s: refId unique in its panel", name).isTrue();
                    if (Query.PROMETHEUS.equals(target.path("datasource").path("type").asText())) {
                        assertThat(target.path("expr").asText()).as("%s expr", name).isNotBlank();
                    } else {
                        assertThat(target.path("rawSql").asText()).as("%s rawSql", name).isNotBlank();
                        assertThat(target.path("rawQuery").asBoolean()).as("%s rawQuery", name).isTrue();
                        assertThat(target.path("editorMode").asText()).as("%s editorMode (code: the builder would rewrite it)", name).isEqualTo("code");
                        assertThat(target.path("format").asText()).as("%s format", name).isIn("table", "time_series");
                    }
                }
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefinedBeforeItAndEveryVariableIsUsed() {
        for (Dashboard d : DASHBOARDS) {
            Set<String> defined = new LinkedHashSet<>();
            Set<String> used = new HashSet<>();
            for (JsonNode variable : d.variables()) {
                String name = variable.path("name").asText();
                assertThat(variable.path("description").asText()).as("%s $%s description", d.file(), name).isNotBlank();
                for (Query query : d.variableQueries()) {
                    if (query.refId().equals(name)) {
                        assertThat(defined).as("%s: $%s uses only variables defined before it", d.file(), name)
                                .containsAll(Interpolator.variablesIn(query.text()));
                        used.addAll(Interpolator.variablesIn(query.text()));
                    }
                }
                assertThat(defined.add(name)).as("%s: $%s defined once", d.file(), name).isTrue();
            }
            for (Query query : d.panelQueries()) {
                Set<String> names = Interpolator.variablesIn(query.text());
                assertThat(defined).as("%s: the variables it uses are in templating.list", query).containsAll(names);
                used.addAll(names);
            }
            assertThat(used).as("%s: every variable is used by some query", d.file()).containsAll(defined);
        }
    }
}
