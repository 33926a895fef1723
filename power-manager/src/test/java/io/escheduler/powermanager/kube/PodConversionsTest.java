package io.escheduler.powermanager.kube;

import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots taken one after the other reuse the pods whose informer object and budgets did not change, and only those. */
class PodConversionsTest {

    private final PodConversions conversions = new PodConversions();

    private static Pod pod(String namespace, String name, String app, String node) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    private static PodDisruptionBudget pdb(String namespace, String name, String app, int allowed) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector().endSpec()
                .withNewStatus().withDisruptionsAllowed(allowed).endStatus().build();
    }

    private ClusterSnapshot snapshot(List<Pod> pods, List<PodDisruptionBudget> budgets) {
        return KubeSnapshots.snapshot(Instant.EPOCH, List.of(), pods, budgets, Map.of(), node -> Map.of(), conversions);
    }

    private static PodSnapshot on(ClusterSnapshot snapshot, String node, String name) {
        return snapshot.podsOn(node).stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anUnchangedPodIsTakenFromTheLastSnapshotAChangedOneConvertedAgain() {
        Pod web = pod("default", "web", "web", "n1");
        Pod db = pod("default", "db", "db", "n1");
        ClusterSnapshot first = snapshot(List.of(web, db), List.of());
        assertThat(conversions.reused()).isZero();

        Pod movedDb = pod("default", "db", "db", "n2"); // the informer's new object for the same pod
        ClusterSnapshot second = snapshot(List.of(web, movedDb), List.of());
        assertThat(conversions.reused()).isEqualTo(1);
        assertThat(on(second, "n1", "web")).isSameAs(on(first, "n1", "web"));
        assertThat(second.podsOn("n2")).extracting(PodSnapshot::name).containsExactly("db");
        assertThat(second.podsOn("n1")).extracting(PodSnapshot::name).containsExactly("web");
    }

    @Test
    void aPodThatIsGoneIsForgotten() {
        Pod web = pod("default", "web", "web", "n1");
        snapshot(List.of(web, pod("default", "db", "db", "n1")), List.of());
        snapshot(List.of(web), List.of());
        assertThat(conversions.size()).isEqualTo(1);
        Pod dbAgain = pod("default", "db", "db", "n3");
        ClusterSnapshot third = snapshot(List.of(web, dbAgain), List.of());
        assertThat(third.podsOn("n3")).extracting(PodSnapshot::name).containsExactly("db");
    }

    @Test
    void aBudgetSelectingDifferentlyConvertsItsNamespaceAgainAndOnlyIt() {
        Pod web = pod("default", "web", "web", "n1");
        Pod api = pod("prod", "api", "web", "n1");
        snapshot(List.of(web, api), List.of());

        ClusterSnapshot withBudget = snapshot(List.of(web, api), List.of(pdb("default", "web-pdb", "web", 1)));
        assertThat(conversions.reused()).as("prod's pod only").isEqualTo(1);
        assertThat(on(withBudget, "n1", "web").budgets()).containsExactly("default/web-pdb");
        assertThat(on(withBudget, "n1", "api").budgets()).isEmpty();

        // the budget's status changes (a new object), its selector does not: which pods it selects is still known
        ClusterSnapshot statusOnly = snapshot(List.of(web, api), List.of(pdb("default", "web-pdb", "web", 0)));
        assertThat(conversions.reused()).isEqualTo(2);
        assertThat(on(statusOnly, "n1", "web").budgets()).containsExactly("default/web-pdb");
        assertThat(statusOnly.budget("default/web-pdb").disruptionsAllowed()).isZero();

        ClusterSnapshot otherSelector = snapshot(List.of(web, api), List.of(pdb("default", "web-pdb", "db", 0)));
        assertThat(conversions.reused()).isEqualTo(1);
        assertThat(on(otherSelector, "n1", "web").budgets()).isEmpty();
    }
}
