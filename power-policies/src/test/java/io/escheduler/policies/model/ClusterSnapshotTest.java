package io.escheduler.policies.model;

import io.escheduler.policies.Cluster;
import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.rails.SafetyRails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.escheduler.policies.Cluster.GI;
import static io.escheduler.policies.Cluster.NOW;
import static io.escheduler.policies.Cluster.node;
import static io.escheduler.policies.Cluster.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSnapshotTest {

    /** Nodes on, off, cordoned and control-plane; DaemonSet, workload, finished, pending pods; budgets; extended resources. */
    private static Cluster cluster() {
        Cluster c = new Cluster()
                .add(node("n3").cpu(8000)).add(node("n1")).add(node("n2").extended("nvidia.com/gpu", 2)).add(node("n4").off())
                .add(node("n5").cordoned()).add(node("cp").controlPlane()).add(node("n6"))
                .add(pod("web-b").on("n1").budgets("default/web")).add(pod("web-a").on("n1").budgets("default/web"))
                .add(pod("ds-1").on("n1").owner(OwnerKind.DAEMON_SET)).add(pod("ds-2").on("n6").owner(OwnerKind.DAEMON_SET))
                .add(pod("gpu").on("n2").cpu(1500).extended("nvidia.com/gpu", 1)).add(pod("batch").namespace("jobs").on("n2").owner(OwnerKind.JOB))
                .add(pod("done").on("n3").phase(PodPhase.SUCCEEDED)).add(pod("big").on("n3").cpu(6000))
                .add(pod("api").on("n5")).add(pod("etcd").on("cp").owner(OwnerKind.NODE))
                .add(pod("waiting").unschedulable(List.of("cpu"), List.of()))
                .budget("default", "web", 1);
        for (String n : List.of("n1", "n2", "n3", "n5", "n6", "cp")) {
            c.metrics(n, n.equals("n3") ? 0.95 : 0.1, n.equals("n3") ? 0.95 : 0.1, n.equals("n3") ? 190 : 60, 200);
        }
        return c;
    }

    @Test
    void aSnapshotFromGroupedPodsShowsWhatOneFromAllPodsShows() {
        ClusterSnapshot flat = cluster().snapshot();
        ClusterSnapshot grouped = cluster().groupedSnapshot(NOW);

        assertThat(grouped.nodes()).isEqualTo(flat.nodes());
        assertThat(grouped.nodes()).extracting(NodeSnapshot::name).containsExactly("cp", "n1", "n2", "n3", "n4", "n5", "n6");
        for (NodeSnapshot n : flat.nodes()) {
            assertThat(grouped.podsOn(n.name())).as(n.name()).isEqualTo(flat.podsOn(n.name()));
            assertThat(grouped.workloadOn(n.name())).as(n.name()).isEqualTo(flat.workloadOn(n.name()));
            assertThat(grouped.group(n.name()).requested()).as(n.name()).isEqualTo(flat.group(n.name()).requested());
            assertThat(grouped.metrics(n.name())).as(n.name()).isEqualTo(flat.metrics(n.name()));
        }
        assertThat(grouped.unscheduled()).isEqualTo(flat.unscheduled());
        assertThat(grouped.budget("default/web")).isEqualTo(flat.budget("default/web"));
    }

    @Test
    void everyPolicyAndTheRailsPlanTheSameOnEither() {
        ClusterSnapshot flat = cluster().snapshot();
        ClusterSnapshot grouped = cluster().groupedSnapshot(NOW);
        PolicyState state = PolicyState.EMPTY.observe(flat, NOW.minus(Duration.ofHours(1))).observe(flat, NOW);
        List<Plan> fromFlat = new ArrayList<>();
        List<Plan> fromGrouped = new ArrayList<>();
        for (Policy policy : PolicySettings.DEFAULTS.policies()) {
            fromFlat.add(policy.plan(flat, state, NOW));
            fromGrouped.add(policy.plan(grouped, state, NOW));
        }
        assertThat(fromGrouped).isEqualTo(fromFlat);
        assertThat(fromFlat.stream().mapToInt(p -> p.actions().size()).sum()).as("the cluster gives the policies something to do").isPositive();
        SafetyRails rails = new SafetyRails(PolicySettings.DEFAULTS.rails());
        assertThat(rails.apply(fromGrouped, grouped, state, NOW)).isEqualTo(rails.apply(fromFlat, flat, state, NOW));
    }

    @Test
    void aNodesPodsAreListedByKeyWithTheirWorkloadAndWhatTheyRequest() {
        ClusterSnapshot s = cluster().snapshot();

        assertThat(s.podsOn("n1")).extracting(PodSnapshot::name).containsExactly("ds-1", "web-a", "web-b");
        assertThat(s.workloadOn("n1")).extracting(PodSnapshot::name).containsExactly("web-a", "web-b");
        assertThat(s.workloadOn("n6")).isEmpty();
        assertThat(s.podsOn("n3")).extracting(PodSnapshot::name).containsExactly("big");
        assertThat(s.group("n2").requested()).isEqualTo(new Resources(2000, GI, 0, Map.of("nvidia.com/gpu", 1L)));
        assertThat(s.group("n4")).isSameAs(NodePods.NONE);
        assertThat(s.group("nowhere").requested()).isEqualTo(Resources.ZERO);
    }

    @Test
    void aGroupHoldsOneNodesUnfinishedPods() {
        PodSnapshot a = pod("a").on("n1").build();
        assertThatThrownBy(() -> NodePods.of(List.of(a, pod("b").on("n2").build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default/b does not hold node n1");
        assertThatThrownBy(() -> NodePods.of(List.of(a, pod("c").on("n1").phase(PodPhase.FAILED).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default/c does not hold node n1");
        assertThatThrownBy(() -> ClusterSnapshot.ofGroups(NOW, List.of(), Map.of("n2", NodePods.of(List.of(a))), List.of(), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filed under node n2 are bound to n1");
        assertThatThrownBy(() -> ClusterSnapshot.ofGroups(NOW, List.of(), Map.of(), List.of(a), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default/a is not pending unbound");
    }
}
