package io.escheduler.dashboards;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioning files: what Grafana reads at start-up to create the data sources and load the dashboards. */
class ProvisioningTest {

    private static final Pattern ENV = Pattern.compile("\\$\\{(\\w+)}");

    @Test
    @SuppressWarnings("unchecked")
    void datasourcesAreTheTwoUidsTheDashboardsUseConfiguredFromTheEnvironment() {
        Map<String, Object> file = GrafanaFiles.yaml(GrafanaFiles.DATASOURCES);
        assertThat(file.get("apiVersion")).isEqualTo(1);
        assertThat(GrafanaFiles.datasourceTypes()).containsExactly(
                Map.entry("escheduler-prometheus", "prometheus"),
                Map.entry("escheduler-postgres", "grafana-postgresql-datasource"));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) file.get("datasources");
        Map<String, Object> prometheus = sources.get(0);
        Map<String, Object> postgres = sources.get(1);
        assertThat(prometheus.get("url")).isEqualTo("${ESCHEDULER_PROMETHEUS_URL}");
        assertThat(prometheus).containsEntry("access", "proxy");
        assertThat(postgres.get("url")).isEqualTo("${ESCHEDULER_POSTGRES_HOST}");
        assertThat(postgres.get("user")).isEqualTo("${ESCHEDULER_POSTGRES_USER}");
        // Grafana 12 reads the database from jsonData and the password from secureJsonData only
        assertThat((Map<String, Object>) postgres.get("jsonData")).containsEntry("database", "${ESCHEDULER_POSTGRES_DATABASE}")
                .containsEntry("sslmode", "${ESCHEDULER_POSTGRES_SSLMODE}");
        assertThat((Map<String, Object>) postgres.get("secureJsonData")).containsOnly(Map.entry("password", "${ESCHEDULER_POSTGRES_PASSWORD}"));
        assertThat(postgres).doesNotContainKeys("password", "database");
        for (Map<String, Object> source : sources) {
            assertThat(source).as("%s", source.get("uid")).containsKey("name").doesNotContainKey("isDefault");
        }
    }

    @Test
    void everyEnvironmentVariableIsDocumentedInTheFileAndTheDocs() {
        String provisioning = GrafanaFiles.text(GrafanaFiles.root().resolve(GrafanaFiles.DATASOURCES));
        String readme = dashboardsSection();
        Set<String> used = new LinkedHashSet<>();
        for (String line : provisioning.lines().filter(l -> !l.strip().startsWith("#")).toList()) {
            Matcher m = ENV.matcher(line);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).hasSize(6);
        for (String name : used) {
            assertThat(provisioning).as("the file's header documents %s", name).containsPattern("(?m)^#\\s+" + name + "\\s");
            assertThat(readme).as("docs/dashboards.md sets %s", name).contains(name + "=");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardProviderReadsTheDirectoryTheDocsCopyTheDashboardsTo() {
        Map<String, Object> file = GrafanaFiles.yaml(GrafanaFiles.PROVIDERS);
        assertThat(file.get("apiVersion")).isEqualTo(1);
        List<Map<String, Object>> providers = (List<Map<String, Object>>) file.get("providers");
        assertThat(providers).hasSize(1);
        Map<String, Object> provider = providers.get(0);
        assertThat(provider).containsEntry("type", "file").containsEntry("allowUiUpdates", false);
        String path = String.valueOf(((Map<String, Object>) provider.get("options")).get("path"));
        assertThat(Path.of(path).isAbsolute()).as("provider path %s", path).isTrue();

        String readme = dashboardsSection();
        assertThat(readme).contains("cp dashboards/grafana/dashboards/*.json " + path + "/")
                .contains("cp " + "dashboards/grafana/" + GrafanaFiles.DATASOURCES + " /etc/grafana/provisioning/datasources/")
                .contains("cp " + "dashboards/grafana/" + GrafanaFiles.PROVIDERS + " /etc/grafana/provisioning/dashboards/");
        for (Dashboard dashboard : GrafanaFiles.dashboards()) {
            assertThat(readme).as("docs/dashboards.md names %s", dashboard.uid()).contains("`" + dashboard.uid() + "`");
        }
    }

    @Test
    void theDashboardsDirectoryHoldsOnlyDashboards() throws Exception {
        try (var files = Files.list(GrafanaFiles.root().resolve(GrafanaFiles.DASHBOARDS))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(name -> name.endsWith(".json"));
        }
    }

    private static String dashboardsSection() {
        return GrafanaFiles.text(GrafanaFiles.page());
    }
}
