package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus' view of the services: the plain scrape configuration (addons/prometheus/scrape-configs.yaml) and the
 * ServiceMonitors (addons/prometheus-operator). Each service's port is scraped by exactly one job named after it,
 * nothing else is, and every target carries the node its pod runs on.
 */
class MonitoringTest {

    private static final String SCRAPE_CONFIGS = "kubernetes/addons/prometheus/scrape-configs.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NODE = "node-17";

    static List<Build> overlays() {
        return Kustomizations.overlayBuilds();
    }

    /**
     * {@code promtool check config} on the file. Debian builds Prometheus without Kubernetes service discovery (it
     * refuses kubernetes_sd_configs), so the check runs on a copy whose jobs discover a static target instead: every
     * other field, relabel regexes included, is Prometheus' to judge.
     */
    @Test
    @SuppressWarnings("unchecked")
    void promtoolAcceptsTheScrapeConfiguration(@TempDir Path dir) throws IOException, InterruptedException {
        Map<String, Object> config = scrapeConfigs();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            assertThat(job.remove("kubernetes_sd_configs")).as("job %s discovers through Kubernetes", job.get("job_name")).isNotNull();
            job.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:9"))));
        }
        Path file = dir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        Process promtool = new ProcessBuilder(promtool(), "check", "config", file.toString()).redirectErrorStream(true).start();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check config:\n%s", out).isZero();
    }

    /**
     * Kubernetes discovery (role pod) of every container port of the overlay's pods, through each job's relabelling:
     * each service's own port is scraped by the job named after it, at the path it serves metrics on, labelled with
     * its node; no other port of the overlay (PostgreSQL, Grafana, kube-scheduler, ...) is scraped.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @SuppressWarnings("unchecked")
    void theScrapeConfigurationFindsEachServiceOnItsPortWithItsNode(Build build) {
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) scrapeConfigs().get("scrape_configs");
        assertThat(jobs).extracting(j -> j.get("job_name"))
                .containsExactlyInAnyOrder((Object[]) moduleNames());
        Map<String, List<Map<String, String>>> scraped = new TreeMap<>();
        for (Map<String, Object> job : jobs) {
            String name = (String) job.get("job_name");
            List<String> namespaces = new ArrayList<>();
            for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("kubernetes_sd_configs")) {
                assertThat(sd.get("role")).as("job %s", name).isEqualTo("pod");
                namespaces.addAll((List<String>) ((Map<String, Object>) sd.get("namespaces")).get("names"));
            }
            for (Map<String, String> target : podTargets(build)) {
                if (!namespaces.contains(target.get("__meta_kubernetes_namespace"))) {
                    continue;
                }
                Map<String, String> labelled = new LinkedHashMap<>(target);
                labelled.put("job", name);
                labelled.put("__metrics_path__", (String) job.getOrDefault("metrics_path", "/metrics"));
                Optional<Map<String, String>> kept = Relabeling.apply((List<Map<String, Object>>) job.getOrDefault("relabel_configs", List.of()), labelled);
                kept.ifPresent(labels -> {
                    labels.put("path", labelled.get("__metrics_path__"));
                    labels.put("port", target.get("__meta_kubernetes_pod_container_port_number"));
                    labels.put("workload", target.get("workload"));
                    scraped.computeIfAbsent(name, k -> new ArrayList<>()).add(labels);
                });
            }
        }
        for (Module module : Module.values()) {
            Container container = build.workload(module.moduleName()).flatMap(w -> w.container(module.moduleName())).orElseThrow();
            List<Map<String, String>> targets = scraped.getOrDefault(module.moduleName(), List.of());
            assertThat(targets).as("%s: targets of job %s", build, module.moduleName()).hasSize(1);
            Map<String, String> target = targets.get(0);
            assertThat(target).as("%s: job %s", build, module.moduleName())
                    .containsEntry("workload", module.moduleName())
                    .containsEntry("port", String.valueOf(module.port(container)))
                    .containsEntry("path", module.properties().getProperty("quarkus.micrometer.export.prometheus.path"))
                    .containsEntry("node", NODE)
                    .containsEntry("namespace", WorkloadsTest.NAMESPACE);
        }
        Map<String, Object> exporterJob = jobs.stream().filter(j -> j.get("job_name").equals("msr-exporter")).findFirst().orElseThrow();
        assertThat(exporterJob.get("honor_labels")).as("the exporter's own node label is kept as written").isEqualTo(true);
    }

    /**
     * The ServiceMonitors select, in the namespace escheduler, the Service of their service (as the base deploys it)
     * and its port that targets the service's own port; each labels its targets with their node.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theServiceMonitorsSelectEachServiceOnItsPortWithItsNode() {
        Build monitors = Build.of("kubernetes/addons/prometheus-operator");
        Build base = Build.of("kubernetes/base");
        List<GenericKubernetesResource> all = monitors.generic("ServiceMonitor");
        assertThat(all).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder(moduleNames());
        for (GenericKubernetesResource monitor : all) {
            Module module = Module.named(monitor.getMetadata().getName());
            String what = "ServiceMonitor " + monitor.getMetadata().getName();
            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat((List<String>) monitor.get("spec", "namespaceSelector", "matchNames")).as(what).containsExactly(WorkloadsTest.NAMESPACE);
            Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
            List<Service> selected = base.all(Service.class).stream()
                    .filter(s -> WorkloadsTest.NAMESPACE.equals(s.getMetadata().getNamespace()))
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("%s: Services selected", what).hasSize(1);
            Service service = selected.get(0);
            assertThat(service.getMetadata().getLabels()).as("%s: jobLabel", what).containsKey(monitor.get("spec", "jobLabel"));

            Build.Workload workload = base.workload(module.moduleName()).orElseThrow();
            Container container = workload.container(module.moduleName()).orElseThrow();
            List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
            assertThat(endpoints).as(what).hasSize(1);
            Map<String, Object> endpoint = endpoints.get(0);
            ServicePort port = service.getSpec().getPorts().stream().filter(p -> Objects.equals(p.getName(), endpoint.get("port")))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": no Service port named " + endpoint.get("port")));
            assertThat(WorkloadsTest.resolve(port.getTargetPort(), container)).as("%s: port", what).isEqualTo(module.port(container));
            assertThat(endpoint.get("path")).as("%s: path", what)
                    .isEqualTo(module.properties().getProperty("quarkus.micrometer.export.prometheus.path"));
            assertThat((List<Map<String, Object>>) endpoint.get("relabelings")).as("%s: node label", what).anySatisfy(r -> {
                assertThat(r.get("sourceLabels")).isEqualTo(List.of("__meta_kubernetes_pod_node_name"));
                assertThat(r.get("targetLabel")).isEqualTo("node");
            });
            if (module == Module.MSR_EXPORTER) {
                assertThat(endpoint.get("honorLabels")).as("%s: the exporter's own node label is kept as written", what).isEqualTo(true);
            }
        }
    }

    /** What kubernetes_sd_configs role pod discovers: one target per declared container port, with its meta labels. */
    private static List<Map<String, String>> podTargets(Build build) {
        List<Map<String, String>> targets = new ArrayList<>();
        int ip = 10;
        for (Build.Workload workload : build.workloads()) {
            String podIp = "10.244.0." + ip++;
            for (Container container : workload.allContainers()) {
                for (ContainerPort port : container.getPorts()) {
                    Map<String, String> t = new TreeMap<>();
                    t.put("workload", workload.name());
                    t.put("__address__", podIp + ":" + port.getContainerPort());
                    t.put("__meta_kubernetes_namespace", workload.namespace());
                    t.put("__meta_kubernetes_pod_name", workload.name() + "-7d9f8");
                    t.put("__meta_kubernetes_pod_ip", podIp);
                    t.put("__meta_kubernetes_pod_node_name", NODE);
                    t.put("__meta_kubernetes_pod_phase", "Running");
                    t.put("__meta_kubernetes_pod_ready", "true");
                    t.put("__meta_kubernetes_pod_container_name", container.getName());
                    t.put("__meta_kubernetes_pod_container_image", container.getImage());
                    t.put("__meta_kubernetes_pod_container_init", String.valueOf(workload.spec().getInitContainers().contains(container)));
                    t.put("__meta_kubernetes_pod_container_port_name", Objects.requireNonNullElse(port.getName(), ""));
                    t.put("__meta_kubernetes_pod_container_port_number", String.valueOf(port.getContainerPort()));
                    t.put("__meta_kubernetes_pod_container_port_protocol", Objects.requireNonNullElse(port.getProtocol(), "TCP"));
                    workload.labels().forEach((k, v) -> {
                        t.put("__meta_kubernetes_pod_label_" + sanitize(k), v);
                        t.put("__meta_kubernetes_pod_labelpresent_" + sanitize(k), "true");
                    });
                    Objects.requireNonNullElse(workload.template().getMetadata().getAnnotations(), Map.<String, String>of())
                            .forEach((k, v) -> t.put("__meta_kubernetes_pod_annotation_" + sanitize(k), v));
                    targets.add(t);
                }
            }
        }
        return targets;
    }

    private static String[] moduleNames() {
        return Arrays.stream(Module.values()).map(Module::moduleName).toArray(String[]::new);
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scrapeConfigs() {
        try {
            return YAML.readValue(Repository.resolve(SCRAPE_CONFIGS).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code PROMTOOL}, else promtool beside {@code PROMETHEUS_BIN} (the other modules' setting), else on PATH. */
    private static String promtool() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        List<Path> candidates = new ArrayList<>();
        String prometheus = System.getenv("PROMETHEUS_BIN");
        if (prometheus != null && !prometheus.isBlank()) {
            candidates.add(Path.of(prometheus).resolveSibling("promtool"));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "promtool"));
        }
        return candidates.stream().filter(Files::isExecutable).map(Path::toString).findFirst().orElseThrow(() -> new AssertionError(
                "no promtool (Debian's prometheus package, which run-tests.sh installs): set PROMTOOL or PROMETHEUS_BIN"));
    }
}
