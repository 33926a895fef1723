package io.escheduler.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KubeSchedulerConfiguration of the energy-scheduler (base/energy-scheduler/configmap.yaml), as the Deployment
 * mounts it, and the control-plane variant (control-plane/kube-scheduler-config.yaml): the extender is registered at
 * its Service and port with the verbs it serves, one binder, and the timeouts its work needs.
 */
class SchedulerConfigurationTest {

    /** Where the extender serves its verbs: Vert.x routes (filter and prioritize; bind). */
    private static final List<String> EXTENDER_VERBS = List.of(
            "scheduler-extender/src/main/java/io/escheduler/extender/api/VerbRoutes.java",
            "scheduler-extender/src/main/java/io/escheduler/extender/api/BindRoute.java");
    private static final String EXTENDER_CONFIG = "scheduler-extender/src/main/java/io/escheduler/extender/config/ExtenderConfig.java";

    static List<Build> builds() {
        return Kustomizations.deployableBuilds().stream().filter(b -> b.workload("energy-scheduler").isPresent()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    @SuppressWarnings("unchecked")
    void theEnergySchedulerCallsTheExtenderWithItsVerbs(Build build) {
        Build.Workload scheduler = build.workload("energy-scheduler").orElseThrow();
        GenericKubernetesResource config = mountedConfiguration(build, scheduler);

        List<Map<String, Object>> profiles = config.get("profiles");
        assertThat(profiles).extracting(p -> p.get("schedulerName")).containsExactly("energy-scheduler");
        Map<String, Object> election = config.get("leaderElection");
        assertThat(election).containsEntry("leaderElect", true).containsEntry("resourceNamespace", scheduler.namespace())
                .containsEntry("resourceName", "energy-scheduler");

        List<Map<String, Object>> extenders = config.get("extenders");
        checkExtenders(extenders, "http://scheduler-extender." + WorkloadsTest.NAMESPACE + ".svc:" + extenderServicePort(build));
        Map<String, Object> binder = extenders.stream().filter(e -> e.containsKey("bindVerb")).findFirst().orElseThrow();
        assertThat(binder.get("ignorable")).as("%s: bind is not ignorable (else kube-scheduler binds to a node it could not restore)", build)
                .isEqualTo(false);
        for (Map<String, Object> advice : extenders.stream().filter(e -> !e.containsKey("bindVerb")).toList()) {
            assertThat(advice.get("ignorable")).as("%s: filter and prioritize are ignorable (scheduling never waits for them)", build)
                    .isEqualTo(true);
        }
        Duration restore = Duration.parse("PT" + Sources.withDefault(EXTENDER_CONFIG, "Actuator", "timeout").toUpperCase());
        assertThat(duration(binder.get("httpTimeout"))).as("%s: bind's httpTimeout leaves room for a restore (%s)", build, restore)
                .isGreaterThan(restore);
    }

    /** The static-pod variant: same extender and verbs, every one ignorable (the extender's own pods go through it too). */
    @Test
    @SuppressWarnings("unchecked")
    void theControlPlaneVariantCallsTheExtenderWithItsVerbs() {
        HasMetadata parsed = Manifests.object(Repository.read("kubernetes/control-plane/kube-scheduler-config.yaml"));
        assertThat(parsed).isInstanceOf(GenericKubernetesResource.class);
        GenericKubernetesResource config = (GenericKubernetesResource) parsed;
        assertThat(config.getApiVersion()).isEqualTo("kubescheduler.config.k8s.io/v1");
        assertThat(config.getKind()).isEqualTo("KubeSchedulerConfiguration");
        List<Map<String, Object>> profiles = config.get("profiles");
        assertThat(profiles).extracting(p -> p.get("schedulerName")).contains("default-scheduler", "energy-scheduler");
        List<Map<String, Object>> extenders = config.get("extenders");
        checkExtenders(extenders, "http://scheduler-extender." + WorkloadsTest.NAMESPACE + ".svc.cluster.local:"
                + extenderServicePort(Build.of("kubernetes/base")));
        assertThat(extenders).allSatisfy(e -> assertThat(e.get("ignorable")).isEqualTo(true));
    }

    /** Every entry at the extender's Service, the verbs as the extender serves them, exactly one binder. */
    private static void checkExtenders(List<Map<String, Object>> extenders, String url) {
        Set<String> served = servedVerbs();
        Set<String> registered = new TreeSet<>();
        for (Map<String, Object> extender : extenders) {
            assertThat(extender.get("urlPrefix")).as("urlPrefix").isEqualTo(url);
            assertThat(extender.get("enableHTTPS")).as("the extender serves plain HTTP").isEqualTo(false);
            assertThat(extender.get("nodeCacheCapable")).as("nodeCacheCapable (the extender reads NodeNames)").isEqualTo(true);
            for (String verb : List.of("filterVerb", "prioritizeVerb", "bindVerb")) {
                if (extender.containsKey(verb)) {
                    registered.add((String) extender.get(verb));
                }
            }
            if (extender.containsKey("prioritizeVerb")) {
                assertThat(((Number) extender.get("weight")).intValue()).as("prioritize weight").isPositive();
            }
        }
        assertThat(registered).as("verbs registered = paths the extender serves").isEqualTo(served);
        assertThat(extenders.stream().filter(e -> e.containsKey("bindVerb")).count()).as("binders").isEqualTo(1);
    }

    /** The POST paths the extender serves: its {@code router.post("/filter")} routes. */
    private static Set<String> servedVerbs() {
        Pattern post = Pattern.compile("router\\.post\\(\"/([a-z]+)\"\\)");
        Set<String> verbs = new TreeSet<>();
        for (String file : EXTENDER_VERBS) {
            Matcher m = post.matcher(Repository.read(file));
            int before = verbs.size();
            while (m.find()) {
                verbs.add(m.group(1));
            }
            assertThat(verbs.size()).as("POST paths of %s", file).isGreaterThan(before);
        }
        return verbs;
    }

    /** The port of the Service scheduler-extender whose target is the extender's own port. */
    private static int extenderServicePort(Build build) {
        Build.Workload extender = build.workload("scheduler-extender").orElseThrow();
        Container container = extender.container("scheduler-extender").orElseThrow();
        int port = Module.SCHEDULER_EXTENDER.port(container);
        Service service = build.find(Service.class, extender.namespace(), "scheduler-extender").orElseThrow();
        return service.getSpec().getPorts().stream().filter(p -> Integer.valueOf(port).equals(WorkloadsTest.resolve(p.getTargetPort(), container)))
                .map(ServicePort::getPort).findFirst().orElseThrow(() -> new AssertionError("no Service port targets " + port));
    }

    /** The file {@code --config=} names, from the ConfigMap mounted at its directory. */
    private static GenericKubernetesResource mountedConfiguration(Build build, Build.Workload scheduler) {
        Container container = scheduler.spec().getContainers().get(0);
        String path = container.getCommand().stream().filter(a -> a.startsWith("--config=")).map(a -> a.substring("--config=".length()))
                .findFirst().orElseThrow(() -> new AssertionError(build + ": kube-scheduler without --config"));
        String dir = path.substring(0, path.lastIndexOf('/'));
        String key = path.substring(path.lastIndexOf('/') + 1);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError(build + ": nothing mounted at " + dir));
        Volume volume = scheduler.spec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        ConfigMap configMap = build.find(ConfigMap.class, scheduler.namespace(), volume.getConfigMap().getName()).orElseThrow();
        assertThat(configMap.getData()).as("%s: ConfigMap %s", build, configMap.getMetadata().getName()).containsKey(key);
        HasMetadata parsed = Manifests.object(configMap.getData().get(key));
        assertThat(parsed.getApiVersion()).isEqualTo("kubescheduler.config.k8s.io/v1");
        assertThat(parsed.getKind()).isEqualTo("KubeSchedulerConfiguration");
        return (GenericKubernetesResource) parsed;
    }

    private static Duration duration(Object text) {
        return Duration.parse("PT" + String.valueOf(text).toUpperCase());
    }
}
