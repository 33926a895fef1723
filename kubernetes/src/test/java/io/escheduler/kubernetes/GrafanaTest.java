package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grafana provisioning from dashboards/grafana/: the dashboards' ConfigMaps hold every dashboard file unchanged, and
 * the demo Grafana mounts them, the data sources and the provider where Grafana reads them, with the environment the
 * data source file refers to.
 */
class GrafanaTest {

    private static final Path GRAFANA = Repository.resolve("dashboards/grafana");
    private static final String DATASOURCES = "provisioning/datasources/escheduler.yaml";
    private static final String PROVIDERS = "provisioning/dashboards/escheduler.yaml";
    private static final Pattern ENV = Pattern.compile("\\$\\{(\\w+)}");
    private static final Pattern VERSION = Pattern.compile(":(\\d+)\\.(\\d+)\\.(\\d+)$");

    static List<Build> overlays() {
        return Kustomizations.overlayBuilds();
    }

    static List<Build> withGrafana() {
        return overlays().stream().filter(b -> b.workload("grafana").isPresent()).toList();
    }

    /** Every dashboard file once, byte for byte, in ConfigMaps a Grafana sidecar finds (label grafana_dashboard). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theDashboardConfigMapsHoldEveryDashboardFile(Build build) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(GRAFANA.resolve("dashboards"))) {
            for (Path f : list.filter(f -> f.toString().endsWith(".json")).toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        Map<String, String> inConfigMaps = new TreeMap<>();
        for (ConfigMap cm : dashboardConfigMaps(build)) {
            cm.getData().forEach((key, value) -> assertThat(inConfigMaps.put(key, value)).as("%s: %s twice", build, key).isNull());
        }
        assertThat(inConfigMaps).as("%s: dashboards in ConfigMaps labelled grafana_dashboard", build).isEqualTo(files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withGrafana")
    @SuppressWarnings("unchecked")
    void theDemoGrafanaReadsTheProvisioningAndTheDashboards(Build build) throws IOException {
        Build.Workload grafana = build.workload("grafana").orElseThrow();
        Container container = grafana.container("grafana").orElseThrow();

        Matcher version = VERSION.matcher(container.getImage());
        assertThat(version.find()).as("%s: Grafana image version", build).isTrue();
        int[] v = {Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)), Integer.parseInt(version.group(3))};
        assertThat(v[0] * 1_000_000 + v[1] * 1_000 + v[2]).as("%s: Grafana %s has grafana-postgresql-datasource (10.2.3)", build,
                container.getImage()).isGreaterThanOrEqualTo(10_002_003);

        assertThat(mountedFile(build, grafana, container, "/etc/grafana/provisioning/datasources", "escheduler.yaml"))
                .isEqualTo(Files.readString(GRAFANA.resolve(DATASOURCES)));
        assertThat(mountedFile(build, grafana, container, "/etc/grafana/provisioning/dashboards", "escheduler.yaml"))
                .isEqualTo(Files.readString(GRAFANA.resolve(PROVIDERS)));

        Map<String, Object> providers = new ObjectMapper(new YAMLFactory()).readValue(GRAFANA.resolve(PROVIDERS).toFile(), Map.class);
        String path = (String) ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0).get("options")).get("path");
        Set<String> mounted = new TreeSet<>(configMapsAt(grafana, container, path));
        Set<String> dashboards = new TreeSet<>();
        dashboardConfigMaps(build).forEach(cm -> dashboards.add(cm.getMetadata().getName()));
        assertThat(mounted).as("%s: ConfigMaps mounted at the provider's path %s", build, path).isEqualTo(dashboards);

        Set<String> env = new TreeSet<>(container.getEnv().stream().map(EnvVar::getName).toList());
        Matcher used = ENV.matcher(String.join("\n", Files.readString(GRAFANA.resolve(DATASOURCES)).lines()
                .filter(l -> !l.strip().startsWith("#")).toList()));
        while (used.find()) {
            assertThat(env).as("%s: Grafana's environment sets %s (the data source file refers to it)", build, used.group(1))
                    .contains(used.group(1));
        }
    }

    private static List<ConfigMap> dashboardConfigMaps(Build build) {
        return build.all(ConfigMap.class).stream()
                .filter(cm -> cm.getMetadata().getLabels() != null && cm.getMetadata().getLabels().containsKey("grafana_dashboard")).toList();
    }

    /** The ConfigMaps behind the volume mounted at {@code path} (a configMap or a projected volume). */
    private static List<String> configMapsAt(Build.Workload workload, Container container, String path) {
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + ": nothing mounted at " + path));
        Volume volume = workload.spec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        List<String> names = new ArrayList<>();
        if (volume.getConfigMap() != null) {
            names.add(volume.getConfigMap().getName());
        }
        if (volume.getProjected() != null) {
            for (VolumeProjection source : volume.getProjected().getSources()) {
                if (source.getConfigMap() != null) {
                    names.add(source.getConfigMap().getName());
                }
            }
        }
        return names;
    }

    private static String mountedFile(Build build, Build.Workload workload, Container container, String dir, String file) {
        List<String> configMaps = configMapsAt(workload, container, dir);
        assertThat(configMaps).as("%s: one ConfigMap at %s", build, dir).hasSize(1);
        ConfigMap cm = build.find(ConfigMap.class, workload.namespace(), configMaps.get(0)).orElseThrow();
        assertThat(cm.getData()).as("%s: %s/%s", build, dir, file).containsKey(file);
        return cm.getData().get(file);
    }
}
