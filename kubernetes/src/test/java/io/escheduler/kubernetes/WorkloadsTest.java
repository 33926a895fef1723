package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workloads of every deployable build (base, overlays): what each container runs and listens on, its privileges,
 * resources and probes, where objects live and whether what they name exists.
 */
class WorkloadsTest {

    static final String NAMESPACE = "escheduler";

    /** Objects outside the namespace escheduler: power-manager's permission to create Node Events where the kubelet puts them. */
    private static final Set<String> ELSEWHERE = Set.of(
            "Role default/escheduler-power-manager-events",
            "RoleBinding default/escheduler-power-manager-events");

    /** Objects a workload names that the person deploying creates (no password in the repository): see overlays/bare-metal. */
    private static final Set<String> CREATED_BY_THE_OPERATOR = Set.of("Secret escheduler/energy-analyzer-db",
            "Secret escheduler/power-manager-db");

    private static final Pattern IN_CLUSTER_URL =
            Pattern.compile("https?://([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?:(\\d+)");

    static List<Build> builds() {
        return Kustomizations.deployableBuilds().stream().filter(b -> !b.workloads().isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void serviceImagesAndPortsMatchTheModules(Build build) {
        for (Module module : Module.values()) {
            Build.Workload workload = build.workload(module.moduleName()).orElseThrow(
                    () -> new AssertionError(build + " has no workload " + module.moduleName()));
            Container container = workload.container(module.moduleName()).orElseThrow(
                    () -> new AssertionError(workload + " has no container " + module.moduleName()));
            String what = build + ": " + workload;
            int port = module.port(container);

            String image = container.getImage();
            int tagAt = image.lastIndexOf(':');
            assertThat(tagAt).as("%s: image %s has a tag", what, image).isGreaterThan(image.lastIndexOf('/'));
            String repository = image.substring(0, tagAt);
            assertThat(repository).as("%s: image", what).matches("(.+/)?" + Pattern.quote(module.image()));
            assertThat(image.substring(tagAt + 1)).as("%s: image tag", what).isNotEqualTo("latest");

            assertThat(container.getPorts()).as("%s: container ports (the module serves API, metrics and health on one)", what)
                    .extracting(ContainerPort::getContainerPort).containsExactly(port);
            for (Probe probe : probes(container)) {
                assertThat(probe.getHttpGet()).as("%s: probes are HTTP GETs", what).isNotNull();
                assertThat(resolve(probe.getHttpGet().getPort(), container)).as("%s: probe port", what).isEqualTo(port);
                assertThat(probe.getHttpGet().getPath()).as("%s: probe path (Quarkus health)", what).startsWith("/q/health/");
            }
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(what).isEqualTo("/q/health/ready");

            Map<String, String> annotations = workload.template().getMetadata().getAnnotations();
            assertThat(annotations).as("%s: Prometheus annotations", what)
                    .containsEntry("prometheus.io/port", String.valueOf(port))
                    .containsEntry("prometheus.io/path", module.properties().getProperty("quarkus.micrometer.export.prometheus.path"));

            List<Service> services = servicesOf(build, workload);
            assertThat(services).as("%s: a Service selects its pods", what).isNotEmpty();
            for (Service service : services) {
                for (ServicePort servicePort : service.getSpec().getPorts()) {
                    assertThat(resolve(servicePort.getTargetPort(), container)).as("%s: Service %s port %s targets the module's port",
                            what, service.getMetadata().getName(), servicePort.getName()).isEqualTo(port);
                }
            }
        }
    }

    /**
     * Without a datasource URL the analyzer would try to start a PostgreSQL of its own, which its image does not have:
     * every build gives it one, from a Secret key that must exist (not optional) or as a value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void theAnalyzerAlwaysGetsADatasourceUrl(Build build) {
        Container analyzer = build.workload("energy-analyzer").flatMap(w -> w.container("energy-analyzer"))
                .orElseThrow(() -> new AssertionError(build + " has no energy-analyzer container"));
        EnvVar url = analyzer.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_DATASOURCE_JDBC_URL")).findFirst()
                .orElseThrow(() -> new AssertionError(build + ": the analyzer has no QUARKUS_DATASOURCE_JDBC_URL"));
        if (url.getValueFrom() != null) {
            assertThat(url.getValueFrom().getSecretKeyRef()).as("%s: the URL comes from a Secret", build).isNotNull();
            assertThat(url.getValueFrom().getSecretKeyRef().getOptional()).as("%s: the URL's Secret key is required", build)
                    .isNotEqualTo(Boolean.TRUE);
        } else {
            assertThat(url.getValue()).as("%s: the URL", build).startsWith("jdbc:postgresql://");
        }
    }

    /**
     * node-actuator writes host sysfs and MSRs: privileged. msr-exporter reading /dev/cpu/N/msr needs it too (the device
     * cgroup, see overlays/bare-metal/msr-source.yaml), and only then. Every other container drops every capability and
     * cannot gain privileges; only the two node agents see the host's file system.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void onlyTheActuatorIsPrivilegedAndTheExporterWhenItReadsMsrs(Build build) {
        for (Build.Workload workload : build.workloads()) {
            boolean nodeAgent = workload.name().equals("node-actuator") || workload.name().equals("msr-exporter");
            assertThat(workload.spec().getHostNetwork()).as("%s: %s hostNetwork", build, workload).isNotEqualTo(true);
            assertThat(workload.spec().getHostPID()).as("%s: %s hostPID", build, workload).isNotEqualTo(true);
            assertThat(workload.spec().getHostIPC()).as("%s: %s hostIPC", build, workload).isNotEqualTo(true);
            for (Volume volume : workload.spec().getVolumes()) {
                if (volume.getHostPath() != null) {
                    assertThat(nodeAgent).as("%s: %s mounts host path %s", build, workload, volume.getHostPath().getPath()).isTrue();
                }
            }
            for (Container container : workload.allContainers()) {
                String what = build + ": " + workload + " container " + container.getName();
                SecurityContext sc = container.getSecurityContext();
                assertThat(sc).as("%s: securityContext", what).isNotNull();
                boolean privileged = Boolean.TRUE.equals(sc.getPrivileged());
                boolean allowed = workload.name().equals("node-actuator") && container.getName().equals("node-actuator")
                        || workload.name().equals("msr-exporter") && container.getName().equals("msr-exporter")
                        && Sources.setting(container, "MSR_EXPORTER_SOURCE", "auto").equals("msr");
                if (privileged) {
                    assertThat(allowed).as("%s is privileged", what).isTrue();
                } else {
                    assertThat(sc.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", what).isFalse();
                    assertThat(sc.getCapabilities()).as("%s: capabilities", what).isNotNull();
                    assertThat(sc.getCapabilities().getDrop()).as("%s: capabilities dropped", what).contains("ALL");
                    assertThat(sc.getCapabilities().getAdd()).as("%s: capabilities added", what).isNullOrEmpty();
                }
            }
        }
        Container actuator = build.workload("node-actuator").flatMap(w -> w.container("node-actuator")).orElseThrow();
        assertThat(actuator.getSecurityContext().getPrivileged()).as("%s: node-actuator writes host sysfs and MSRs", build).isTrue();
    }

    /**
     * The base's exporter reads powercap, root without capabilities and not privileged; the bare-metal overlay's
     * msr-source.yaml switches it to the MSRs, which a container can open only privileged (the device cgroup), with
     * the host's /dev/cpu mounted.
     */
    @Test
    void theExporterIsPrivilegedOnlyInTheOverlayThatReadsTheMsrs() {
        Container base = Build.of("kubernetes/base").workload("msr-exporter").flatMap(w -> w.container("msr-exporter")).orElseThrow();
        assertThat(Sources.setting(base, "MSR_EXPORTER_SOURCE", "auto")).as("kubernetes/base: msr-exporter's source").isEqualTo("powercap");
        assertThat(base.getSecurityContext().getPrivileged()).as("kubernetes/base: msr-exporter privileged").isNotEqualTo(true);
        assertThat(base.getSecurityContext().getCapabilities().getAdd()).as("kubernetes/base: msr-exporter capabilities").isNullOrEmpty();

        Build bareMetal = Build.of("kubernetes/overlays/bare-metal");
        Build.Workload workload = bareMetal.workload("msr-exporter").orElseThrow();
        Container msr = workload.container("msr-exporter").orElseThrow();
        assertThat(Sources.setting(msr, "MSR_EXPORTER_SOURCE", "auto")).as("bare-metal: msr-exporter's source").isEqualTo("msr");
        assertThat(msr.getSecurityContext().getPrivileged()).as("bare-metal: msr-exporter privileged (device cgroup)").isTrue();
        assertThat(workload.spec().getVolumes()).as("bare-metal: the host's /dev/cpu")
                .anyMatch(v -> v.getHostPath() != null && v.getHostPath().getPath().equals("/dev/cpu"));
    }

    /** Init containers too; probes on every container that keeps running (init containers cannot have them, sidecars can). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyContainerHasRequestsLimitsAndProbes(Build build) {
        for (Build.Workload workload : build.workloads()) {
            for (Container container : workload.allContainers()) {
                String what = build + ": " + workload + " container " + container.getName();
                assertThat(container.getResources()).as("%s: resources", what).isNotNull();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as("%s: requests", what).containsKeys("cpu", "memory");
                assertThat(limits).as("%s: limits", what).containsKeys("cpu", "memory");
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(Quantity.getAmountInBytes(requests.get(resource)))
                            .as("%s: %s request within its limit", what, resource)
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
                }
                boolean keepsRunning = workload.spec().getContainers().contains(container) || "Always".equals(container.getRestartPolicy());
                if (keepsRunning) {
                    assertThat(container.getLivenessProbe()).as("%s: liveness probe", what).isNotNull();
                    assertThat(container.getReadinessProbe()).as("%s: readiness probe", what).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployables")
    void everyNamespacedObjectIsInTheNamespaceEscheduler(Build build) {
        for (HasMetadata object : build.objects()) {
            String id = KustomizeBuildTest.id(object);
            if (!Build.namespaced(object)) {
                assertThat(object.getMetadata().getNamespace()).as("%s: %s is cluster-scoped", build, id).isNull();
            } else if (!ELSEWHERE.contains(id)) {
                assertThat(object.getMetadata().getNamespace()).as("%s: namespace of %s", build, id).isEqualTo(NAMESPACE);
            }
        }
    }

    /** Secrets, ConfigMaps (and their keys) and service accounts a pod names exist in the build, or are the operator's to create. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everythingAPodNamesExists(Build build) {
        for (Build.Workload workload : build.workloads()) {
            String what = build + ": " + workload;
            String account = Objects.requireNonNullElse(workload.spec().getServiceAccountName(), "default");
            if (account.equals("default")) {
                assertThat(workload.spec().getAutomountServiceAccountToken()).as("%s: runs as the default service account: no token", what)
                        .isFalse();
            } else {
                assertThat(build.find(ServiceAccount.class, workload.namespace(), account)).as("%s: service account %s", what, account)
                        .isPresent();
            }
            for (Container container : workload.allContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        assertKey(build, what, "Secret", workload.namespace(), env.getValueFrom().getSecretKeyRef().getName(),
                                env.getValueFrom().getSecretKeyRef().getKey());
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        assertKey(build, what, "ConfigMap", workload.namespace(), env.getValueFrom().getConfigMapKeyRef().getName(),
                                env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                }
                for (EnvFromSource from : container.getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        assertKey(build, what, "Secret", workload.namespace(), from.getSecretRef().getName(), null);
                    }
                    if (from.getConfigMapRef() != null) {
                        assertKey(build, what, "ConfigMap", workload.namespace(), from.getConfigMapRef().getName(), null);
                    }
                }
            }
            for (Volume volume : workload.spec().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    assertKey(build, what, "ConfigMap", workload.namespace(), volume.getConfigMap().getName(), null);
                }
                if (volume.getSecret() != null) {
                    assertKey(build, what, "Secret", workload.namespace(), volume.getSecret().getSecretName(), null);
                }
                if (volume.getProjected() != null) {
                    for (VolumeProjection source : volume.getProjected().getSources()) {
                        if (source.getConfigMap() != null) {
                            assertKey(build, what, "ConfigMap", workload.namespace(), source.getConfigMap().getName(), null);
                        }
                        if (source.getSecret() != null) {
                            assertKey(build, what, "Secret", workload.namespace(), source.getSecret().getName(), null);
                        }
                    }
                }
            }
        }
    }

    /** Every Service selects pods of the build, and its named target ports are ports of those pods. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void servicesSelectPodsAndTheirPorts(Build build) {
        for (Service service : build.all(Service.class)) {
            String what = build + ": Service " + service.getMetadata().getName();
            List<Build.Workload> selected = build.workloads().stream().filter(w -> selects(service, w)).toList();
            assertThat(selected).as("%s selects pods", what).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Build.Workload workload : selected) {
                    boolean found = workload.spec().getContainers().stream()
                            .anyMatch(c -> resolve(port.getTargetPort(), c) != null);
                    assertThat(found).as("%s: target port %s in %s", what, port.getTargetPort(), workload).isTrue();
                }
            }
        }
    }

    /**
     * Every in-cluster URL in a container's environment or a ConfigMap ({@code http://name.escheduler.svc:port}) names a
     * Service of the build and one of its ports. URLs into namespaces the build does not deploy (the site's Prometheus)
     * are the site's to get right.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void inClusterUrlsNameAServiceAndItsPort(Build build) {
        List<String> texts = new ArrayList<>();
        for (Build.Workload workload : build.workloads()) {
            workload.allContainers().forEach(c -> c.getEnv().stream().map(EnvVar::getValue).filter(Objects::nonNull).forEach(texts::add));
        }
        build.all(ConfigMap.class).forEach(cm -> texts.addAll(cm.getData().values()));
        Set<String> namespaces = new HashSet<>();
        build.objects().forEach(o -> namespaces.add(o.getMetadata().getNamespace()));
        int checked = 0;
        for (String text : texts) {
            Matcher m = IN_CLUSTER_URL.matcher(text);
            while (m.find()) {
                if (!namespaces.contains(m.group(2))) {
                    continue;
                }
                Optional<Service> service = build.find(Service.class, m.group(2), m.group(1));
                assertThat(service).as("%s: Service of %s", build, m.group()).isPresent();
                assertThat(service.get().getSpec().getPorts()).as("%s: port of %s", build, m.group())
                        .extracting(ServicePort::getPort).contains(Integer.parseInt(m.group(3)));
                checked++;
            }
        }
        assertThat(checked).as("%s: in-cluster URLs found", build).isPositive();
    }

    /**
     * The extender and power-manager find the actuator of a node as its pod ({@code actuator.discovery=pods}): the
     * namespace, label selector and port they are configured with (their defaults, unless the manifests set them) must
     * find the node-actuator pods on their port.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void theActuatorsCallersFindItsPods(Build build) {
        Build.Workload actuator = build.workload("node-actuator").orElseThrow();
        int actuatorPort = Module.NODE_ACTUATOR.port(actuator.container("node-actuator").orElseThrow());
        record Caller(String workload, String config, String prefix) {
        }
        for (Caller caller : List.of(
                new Caller("scheduler-extender", "scheduler-extender/src/main/java/io/escheduler/extender/config/ExtenderConfig.java",
                        "SCHEDULER_EXTENDER_ACTUATOR_"),
                new Caller("power-manager", "power-manager/src/main/java/io/escheduler/powermanager/config/PowerManagerConfig.java",
                        "POWER_MANAGER_ACTUATOR_"))) {
            Container c = build.workload(caller.workload()).flatMap(w -> w.container(caller.workload())).orElseThrow();
            String what = build + ": " + caller.workload() + " finding node-actuator";
            assertThat(Sources.setting(c, caller.prefix() + "DISCOVERY", Sources.withDefault(caller.config(), "Actuator", "discovery")))
                    .as(what).isEqualTo("pods");
            assertThat(Sources.setting(c, caller.prefix() + "NAMESPACE", Sources.withDefault(caller.config(), "Actuator", "namespace")))
                    .as("%s: namespace", what).isEqualTo(actuator.namespace());
            String selector = Sources.setting(c, caller.prefix() + "SELECTOR", Sources.withDefault(caller.config(), "Actuator", "selector"));
            for (String term : selector.split(",")) {
                String[] kv = term.split("=", 2);
                assertThat(actuator.labels()).as("%s: selector %s", what, selector).containsEntry(kv[0].strip(), kv[1].strip());
            }
            assertThat(Integer.parseInt(Sources.setting(c, caller.prefix() + "PORT", Sources.withDefault(caller.config(), "Actuator", "port"))))
                    .as("%s: port", what).isEqualTo(actuatorPort);
        }
    }

    static List<Build> deployables() {
        return Kustomizations.deployableBuilds();
    }

    static List<Service> servicesOf(Build build, Build.Workload workload) {
        return build.all(Service.class).stream()
                .filter(s -> Objects.equals(s.getMetadata().getNamespace(), workload.namespace()) && selects(s, workload)).toList();
    }

    static boolean selects(Service service, Build.Workload workload) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && Objects.equals(service.getMetadata().getNamespace(), workload.namespace())
                && workload.labels().entrySet().containsAll(selector.entrySet());
    }

    /** A port given by number or by the name of one of the container's ports; null when the name is not one. */
    static Integer resolve(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    private static List<Probe> probes(Container c) {
        List<Probe> probes = new ArrayList<>();
        for (Probe p : new Probe[] {c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()}) {
            if (p != null) {
                probes.add(p);
            }
        }
        return probes;
    }

    private static void assertKey(Build build, String what, String kind, String namespace, String name, String key) {
        Optional<HasMetadata> found = build.find(kind, namespace, name);
        if (found.isEmpty()) {
            assertThat(CREATED_BY_THE_OPERATOR).as("%s names %s %s/%s, which the build does not hold", what, kind, namespace, name)
                    .contains(kind + " " + namespace + "/" + name);
            return;
        }
        if (key != null) {
            Collection<String> keys = new HashSet<>();
            if (found.get() instanceof Secret secret) {
                keys.addAll(Objects.requireNonNullElse(secret.getData(), Map.<String, String>of()).keySet());
                keys.addAll(Objects.requireNonNullElse(secret.getStringData(), Map.<String, String>of()).keySet());
            } else if (found.get() instanceof ConfigMap configMap) {
                keys.addAll(Objects.requireNonNullElse(configMap.getData(), Map.<String, String>of()).keySet());
            }
            assertThat(keys).as("%s: key %s of %s %s", what, key, kind, name).contains(key);
        }
    }
}
