package io.escheduler.powermanager.bench;

import io.escheduler.policies.Policy;
import io.escheduler.policies.PolicySettings;
import io.escheduler.policies.PolicyState;
import io.escheduler.policies.model.ClusterSnapshot;
import io.escheduler.policies.model.PodSnapshot;
import io.escheduler.policies.plan.Plan;
import io.escheduler.policies.plan.PlanJson;
import io.escheduler.policies.rails.SafetyRails;
import io.escheduler.powermanager.kube.KubeSnapshots;
import io.escheduler.powermanager.kube.PodConversions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Planning time of the seven power policies (power-policies' classes) over a synthetic snapshot ({@link SyntheticCluster}: 5000 nodes,
 * 150 000 pods by default), with the default settings: each policy alone, all seven then the safety rails over
 * their plans ({@code all}), building the snapshot's indexes from its records ({@code snapshot}), and converting the
 * informers' Kubernetes objects into the snapshot, indexes included: {@code kube} is a live cycle's (the pods that
 * did not change since the last cycle are reused; here one in {@value #CHANGED_EVERY} is a new object),
 * {@code kube-cold} the first cycle's (every pod converted). Goal: {@code kube} + {@code all} ≤ 200 ms. Run with
 * {@code benchmarks/power-manager/policies.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class PoliciesBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    @Param({"5000"})
    int nodes;

    @Param({"150000"})
    int pods;

    @Param({"all", "power-on", "power-off", "consolidation", "dvfs", "capping", "dvfs-migration", "capping-migration", "snapshot", "kube",
            "kube-cold"})
    String policy;

    private ClusterSnapshot snapshot;
    private PolicyState state;
    private List<Policy> policies;
    private SafetyRails rails;
    private List<Node> kubeNodes;
    private List<Pod> kubePods;
    /** {@link #kubePods} with {@link #CHANGED_SHARE} of them new objects, as an informer holds them a cycle later. */
    private List<Pod> kubePodsChanged;
    private PodConversions conversions;
    private boolean changed;

    /** Pods whose informer object changes between two cycles in the {@code kube} row: one in a hundred. */
    static final int CHANGED_EVERY = 100;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = SyntheticCluster.generate(nodes, pods, 42, NOW);
        // every node observed since long ago: empty nodes are past their grace period
        state = PolicyState.EMPTY.observe(snapshot, NOW.minus(Duration.ofHours(1))).observe(snapshot, NOW);
        List<Policy> all = PolicySettings.DEFAULTS.policies();
        policies = policy.equals("all") || policy.equals("snapshot") ? all
                : all.stream().filter(p -> p.name().wireName().equals(policy)).toList();
        rails = new SafetyRails(PolicySettings.DEFAULTS.rails());
        if (policy.startsWith("kube")) {
            kubeNodes = snapshot.nodes().stream().map(KubeObjectsOf::node).toList();
            List<Pod> objects = new ArrayList<>();
            snapshot.unscheduled().forEach(p -> objects.add(KubeObjectsOf.pod(p)));
            snapshot.nodes().forEach(n -> snapshot.podsOn(n.name()).forEach(p -> objects.add(KubeObjectsOf.pod(p))));
            kubePods = objects;
            List<Pod> later = new ArrayList<>(objects);
            for (int i = 0; i < later.size(); i += CHANGED_EVERY) {
                later.set(i, new PodBuilder(later.get(i)).build());
            }
            kubePodsChanged = later;
            conversions = new PodConversions();
            KubeSnapshots.snapshot(NOW, kubeNodes, kubePods, List.of(), Map.of(), node -> Map.of(), conversions);
        } else if (!policy.equals("snapshot")) {
            for (Plan plan : plans()) {
                System.out.printf("%n%s: %d actions, %d skipped, %d bytes of JSON", plan.policy().wireName(), plan.actions().size(),
                        plan.skipped().size(), PlanJson.render(plan).length());
            }
            System.out.println();
        }
    }

    @Benchmark
    public Object plan() {
        return switch (policy) {
            case "snapshot" -> snapshot();
            case "kube" -> { // the next cycle: one pod in a hundred is a new object (alternating lists: each call converts those)
                changed = !changed;
                yield KubeSnapshots.snapshot(NOW, kubeNodes, changed ? kubePodsChanged : kubePods, List.of(), Map.of(), node -> Map.of(),
                        conversions);
            }
            case "kube-cold" -> KubeSnapshots.snapshot(NOW, kubeNodes, kubePods, List.of(), Map.of(), node -> Map.of());
            default -> plans();
        };
    }

    private List<Plan> plans() {
        List<Plan> plans = new ArrayList<>(policies.size());
        for (Policy p : policies) {
            plans.add(p.plan(snapshot, state, NOW));
        }
        return policy.equals("all") ? rails.apply(plans, snapshot, state, NOW) : plans;
    }

    private ClusterSnapshot snapshot() {
        List<PodSnapshot> allPods = new ArrayList<>(snapshot.unscheduled());
        snapshot.nodes().forEach(n -> allPods.addAll(snapshot.podsOn(n.name())));
        return new ClusterSnapshot(NOW, snapshot.nodes(), allPods, List.of(), Map.of());
    }
}
