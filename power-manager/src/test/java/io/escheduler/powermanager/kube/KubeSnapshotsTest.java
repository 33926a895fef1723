package io.escheduler.powermanager.kube;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.NodeSnapshot;
import io.escheduler.policies.model.OwnerKind;
import io.escheduler.policies.model.PodPhase;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.model.Resources;
import io.escheduler.policies.plan.ActionKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KubeSnapshotsTest {

    private static Container container(String name, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withImage("busybox").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory)).endResources().build();
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().withNodeName("n1").withContainers(container("main", "250m", "64Mi")).endSpec()
                .withNewStatus().withPhase("Running").endStatus();
    }

    @Test
    void aControlMarkedFailedBlocksEveryActionOfThatControlBesidesWhatTheDriversCannotDo() {
        Node node = new NodeBuilder().withNewMetadata().withName("n1")
                .addToAnnotations("energy.escheduler.io/cpufreq-failed", "2026-11-25T08:00:00Z: dvfs's set-cpufreq failed 3 times in a row")
                .endMetadata().build();
        NodeSnapshot n = KubeSnapshots.node(node, Map.of(ActionKind.POWER_ON, "no power driver configured"));
        assertThat(n.blocker(ActionKind.SET_CPUFREQ)).isEqualTo("annotated energy.escheduler.io/cpufreq-failed (2026-11-25T08:00:00Z: "
                + "dvfs's set-cpufreq failed 3 times in a row): its cpufreq kept failing; remove the annotation once it is fixed");
        assertThat(n.blocker(ActionKind.RESTORE_CPUFREQ)).isEqualTo(n.blocker(ActionKind.SET_CPUFREQ));
        assertThat(n.blocker(ActionKind.POWER_ON)).isEqualTo("no power driver configured");
        assertThat(n.blocker(ActionKind.POWER_OFF)).isNull();
        assertThat(n.blocker(ActionKind.SET_POWER_LIMIT)).isNull();
        assertThat(n.blocker(ActionKind.CORDON)).isNull();
    }

    @Test
    void nodeAllocatableLabelsAnnotationsAndConditions() {
        Node node = new NodeBuilder().withNewMetadata().withName("n1")
                .addToLabels("node-role.kubernetes.io/control-plane", "")
                .addToAnnotations("energy.escheduler.io/do-not-power-off", "true")
                .addToAnnotations("energy.escheduler.io/throttle-reason", "cpufreq,power-limit")
                .addToAnnotations("energy.escheduler.io/cpu-max-khz", "800000")
                .addToAnnotations("energy.escheduler.io/power-limit-watts", "150.5").endMetadata()
                .withNewSpec().withUnschedulable(true).addNewTaint().withKey("dedicated").withValue("gpu").withEffect("NoSchedule").endTaint().endSpec()
                .withNewStatus().addToAllocatable(Map.of("cpu", new Quantity("3920m"), "memory", new Quantity("16302084Ki"),
                        "pods", new Quantity("110"), "ephemeral-storage", new Quantity("95Gi"), "nvidia.com/gpu", new Quantity("2")))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
        NodeSnapshot n = KubeSnapshots.node(node);
        assertThat(n.allocatable()).isEqualTo(new Resources(3920, 16302084L * 1024, 95L << 30, Map.of("nvidia.com/gpu", 2L)));
        assertThat(n.maxPods()).isEqualTo(110);
        assertThat(n.controlPlane()).isTrue();
        assertThat(n.doNotPowerOff()).isTrue();
        assertThat(n.unschedulable()).isTrue();
        assertThat(n.ready()).isTrue();
        assertThat(n.poweredOff()).isFalse();
        assertThat(n.on()).isTrue();
        assertThat(n.cpufreqLowered()).isTrue();
        assertThat(n.powerCapped()).isTrue();
        assertThat(n.cpuMaxKhz()).hasValue(800_000);
        assertThat(n.powerLimitWatts()).hasValue(150.5);
        assertThat(n.taints()).extracting(t -> t.key() + "=" + t.value() + ":" + t.effect()).containsExactly("dedicated=gpu:NoSchedule");
    }

    @Test
    void aPoweredOffNodeIsTheAnnotatedOneNotEveryNotReadyNode() {
        Node off = new NodeBuilder().withNewMetadata().withName("off").addToLabels("node-role.kubernetes.io/master", "")
                .addToAnnotations("energy.escheduler.io/powered-off", "true").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("Unknown").endCondition().endStatus().build();
        Node broken = new NodeBuilder().withNewMetadata().withName("broken").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build();
        assertThat(KubeSnapshots.node(off)).satisfies(n -> {
            assertThat(n.poweredOff()).isTrue();
            assertThat(n.controlPlane()).isTrue();
            assertThat(n.on()).isFalse();
        });
        assertThat(KubeSnapshots.node(broken)).satisfies(n -> {
            assertThat(n.poweredOff()).isFalse();
            assertThat(n.on()).isFalse();
            assertThat(n.cpufreqLowered()).isFalse();
        });
    }

    @Test
    void podRequestsSumContainersMaxInitContainersCountSidecarsAndOverhead() {
        Container sidecar = container("proxy", "100m", "32Mi");
        sidecar.setRestartPolicy("Always");
        Pod pod = pod("web").editSpec()
                .withContainers(container("a", "250m", "64Mi"), container("b", "0.5", "1Gi"))
                // init 1: 2 CPUs alone; the sidecar starts second; init 3 runs beside it: 1 CPU + 100m
                .withInitContainers(container("init-1", "2", "128Mi"), sidecar, container("init-3", "1", "2Gi"))
                .addToOverhead("cpu", new Quantity("10m")).addToOverhead("memory", new Quantity("1M")).endSpec().build();
        // containers 750m + sidecar 100m = 850m < 2000m (init-1): 2000m; memory: 64Mi + 1Gi + 32Mi < 2Gi + 32Mi (init-3 + sidecar)
        assertThat(KubeSnapshots.pod(pod, List.of()).requests())
                .isEqualTo(new Resources(2010, (2L << 30) + (32L << 20) + 1_000_000, 0, Map.of()));
    }

    @Test
    void podLevelRequestsReplaceTheContainersCpuAndMemory() {
        Pod pod = pod("web").editSpec().withNewResources().addToRequests("cpu", new Quantity("3")).endResources().endSpec().build();
        assertThat(KubeSnapshots.pod(pod, List.of()).requests()).isEqualTo(Resources.of(3000, 64L << 20));
    }

    @Test
    void ownersLocalStorageAnnotation() {
        Pod ds = pod("ds").editMetadata().addNewOwnerReference().withKind("DaemonSet").withName("x").withController(true).endOwnerReference().endMetadata().build();
        Pod rs = pod("rs").editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("x").withController(true).endOwnerReference().endMetadata().build();
        Pod notController = pod("nc").editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("x").endOwnerReference().endMetadata().build();
        Pod crd = pod("crd").editMetadata().addNewOwnerReference().withKind("MPIJob").withName("x").withController(true).endOwnerReference().endMetadata().build();
        Pod mirror = pod("mirror").editMetadata().addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata().build();
        Pod local = pod("local").editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec()
                .editMetadata().addToAnnotations("energy.escheduler.io/do-not-evict", "true").endMetadata().build();
        assertThat(List.of(ds, rs, notController, crd, mirror).stream().map(p -> KubeSnapshots.pod(p, List.of()).owner()))
                .containsExactly(OwnerKind.DAEMON_SET, OwnerKind.REPLICA_SET, OwnerKind.NONE, OwnerKind.OTHER, OwnerKind.NODE);
        PodSnapshot l = KubeSnapshots.pod(local, List.of());
        assertThat(l.localStorage()).isTrue();
        assertThat(l.doNotEvict()).isTrue();
        assertThat(KubeSnapshots.pod(rs, List.of()).localStorage()).isFalse();
    }

    @Test
    void disruptionBudgetsBySelector() {
        PodDisruptionBudget byLabel = pdb("by-label", "default").withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(1).endStatus().build();
        PodDisruptionBudget byExpression = pdb("by-expression", "default").withNewSpec().withNewSelector().addNewMatchExpression()
                .withKey("app").withOperator("In").withValues("web", "api").endMatchExpression().endSelector().endSpec().build();
        PodDisruptionBudget other = pdb("other", "default").withNewSpec().withNewSelector().addToMatchLabels("app", "db").endSelector().endSpec().build();
        PodDisruptionBudget everything = pdb("all", "default").withNewSpec().withNewSelector().endSelector().endSpec().build();
        PodDisruptionBudget none = pdb("none", "default").withNewSpec().endSpec().build();
        PodDisruptionBudget elsewhere = pdb("elsewhere", "prod").withNewSpec().withNewSelector().endSelector().endSpec().build();
        ClusterSnapshot s = KubeSnapshots.snapshot(Instant.EPOCH, List.of(), List.of(pod("web").build()),
                List.of(byLabel, byExpression, other, everything, none, elsewhere), Map.of(), node -> Map.of());
        PodSnapshot web = s.podsOn("n1").get(0);
        assertThat(web.budgets()).containsExactly("default/all", "default/by-expression", "default/by-label");
        assertThat(s.budget("default/by-label").disruptionsAllowed()).isEqualTo(1);
        assertThat(s.budget("default/other").disruptionsAllowed()).as("no status yet: nothing allowed").isZero();
    }

    private static PodDisruptionBudgetBuilder pdb(String name, String namespace) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    }

    @Test
    void pendingPodsCarryTheSchedulersVerdictAndTheirPlacementConstraints() {
        Pod pending = pod("pending").editSpec().withNodeName(null).addToNodeSelector("zone", "a")
                .addNewToleration().withKey("dedicated").withOperator("Exists").endToleration()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("gpu").withOperator("Exists").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
                .endCondition().endStatus().build();
        PodSnapshot p = KubeSnapshots.pod(pending, List.of());
        assertThat(p.node()).isNull();
        assertThat(p.phase()).isEqualTo(PodPhase.PENDING);
        assertThat(p.failure().insufficient()).containsExactly("cpu");
        assertThat(p.affinity().matches(Map.of("zone", "a", "gpu", "yes"))).isTrue();
        assertThat(p.affinity().matches(Map.of("zone", "a"))).isFalse();
        assertThat(p.affinity().matches(Map.of("zone", "b", "gpu", "yes"))).isFalse();
        assertThat(p.tolerations()).singleElement().satisfies(t -> assertThat(t.tolerates(new io.escheduler.policies.model.Taint("dedicated", "x", "NoSchedule"))).isTrue());

        Pod justCreated = pod("new").editSpec().withNodeName(null).endSpec().withNewStatus().withPhase("Pending").endStatus().build();
        assertThat(KubeSnapshots.pod(justCreated, List.of()).failure()).as("not refused yet").isNull();
    }
}
