package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.runs.NodeEntry;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.analyzer.runs.RunRecorder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.escheduler.analyzer.kube.Pods.node;
import static io.escheduler.analyzer.kube.Pods.pod;
import static io.escheduler.analyzer.kube.Pods.running;
import static io.escheduler.analyzer.kube.Pods.terminated;
import static io.escheduler.analyzer.kube.Pods.waiting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Run discovery against the Kubernetes test server (CRUD mode, with watches) and a real PostgreSQL: Nodes and their
 * systems, finished pods as runs, once each.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = ClusterWatchTest.Cluster.class)
@TestProfile(ClusterWatchTest.Discovery.class)
@QuarkusTestResource(PostgresResource.class)
class ClusterWatchTest {

    private static final Duration LATENCY = Duration.ofSeconds(20);

    /** The bearer token the analyzer presents to the test server, which tells its requests from the test's own. */
    static final String ANALYZERS_TOKEN = "energy-analyzer-under-test";

    /**
     * Discovery on; an HPC system from the configuration that also names a Kubernetes node; the analyzer's own token.
     * Without a Docker engine, datasource Dev Services are off at build time ({@code PostgresResource} supplies a local
     * server's URL later).
     */
    public static class Discovery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "energy-analyzer.kubernetes.enabled", "true",
                    "quarkus.kubernetes-client.token", ANALYZERS_TOKEN,
                    "energy-analyzer.kubernetes.retry-initial", "200ms",
                    "energy-analyzer.systems.members.hpc-a", "hpc1,hpc2",
                    "quarkus.datasource.devservices.enabled", Boolean.toString(io.escheduler.analyzer.PostgresResource.dockerAnswers()));
        }

    }

    /** What the cluster holds before the analyzer starts: the informers' first list must record the finished pod. */
    public static class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            client.nodes().resource(node("boot-node", "boot")).create();
            create(client, pod("batch", "boot-done", "lulesh", "boot-node", "Succeeded",
                    List.of(terminated("main", "2026-11-25T06:00:00Z", "2026-11-25T06:30:00Z", 0))));
            create(client, pod("batch", "boot-running", "lulesh", "boot-node", "Running", List.of(running("main", "2026-11-25T06:00:00Z"))));
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    RunRecorder recorder;

    @Inject
    NodeSystems nodeSystems;

    @Inject
    MeterRegistry registry;

    private static final AtomicInteger BARRIERS = new AtomicInteger();

    /** Creates the pod, then writes its status (the API server takes a pod's status through /status). */
    static Pod create(KubernetesClient client, Pod pod) {
        PodStatus status = pod.getStatus();
        Pod created = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
        created.setStatus(status);
        return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(created).updateStatus();
    }

    private Pod create(Pod pod) {
        return create(server.getClient(), pod);
    }

    private Pod setStatus(Pod pod, String phase, List<ContainerStatus> containers) {
        Pod current = server.getClient().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        current.getStatus().setPhase(phase);
        current.getStatus().setContainerStatuses(containers);
        return server.getClient().pods().inNamespace(pod.getMetadata().getNamespace()).resource(current).updateStatus();
    }

    /** What the database holds for a pod's run. */
    record Recorded(String program, String system, List<String> nodes, Instant start, Instant end, String source) {
    }

    private static Optional<Recorded> run(Pod pod) {
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>find("runKey", "pod:" + pod.getMetadata().getUid())
                .firstResultOptional().map(r -> new Recorded(r.program.name, r.system.name, List.of(r.nodes), r.startedAt, r.endedAt,
                        r.source.name())));
    }

    private static long runCount(Pod pod) {
        return QuarkusTransaction.requiringNew().call(() -> Run.count("runKey", "pod:" + pod.getMetadata().getUid()));
    }

    private static String systemOf(String node) {
        return QuarkusTransaction.requiringNew().call(() -> {
            NodeEntry entry = NodeEntry.findById(node);
            return entry == null ? null : entry.system.name;
        });
    }

    private Recorded awaitRun(Pod pod) {
        return await().atMost(LATENCY).until(() -> run(pod), Optional::isPresent).orElseThrow();
    }

    private double recordedCount() {
        return registry.get("energy.analyzer.pods.recorded").counter().count();
    }

    /**
     * Every pod event before this call has been handled once this returns: informer events and the discovery
     * thread keep their order, and this finished pod is recorded last.
     */
    private void barrier() {
        Pod marker = create(pod("barrier", "barrier-" + BARRIERS.incrementAndGet(), "marker", "boot-node", "Succeeded",
                List.of(terminated("main", "2026-11-25T05:00:00Z", "2026-11-25T05:00:10Z", 0))));
        awaitRun(marker);
    }

    @Test
    void finishedPodsPresentAtStartUpAreRecorded() {
        Pod done = server.getClient().pods().inNamespace("batch").withName("boot-done").get();
        assertThat(awaitRun(done)).isEqualTo(new Recorded("lulesh", "boot", List.of("boot-node"),
                Instant.parse("2026-11-25T06:00:00Z"), Instant.parse("2026-11-25T06:30:00Z"), "kubernetes"));
        barrier();
        assertThat(run(server.getClient().pods().inNamespace("batch").withName("boot-running").get())).isEmpty();
    }

    @Test
    void eachNodeJoinsItsLabelledSystemOrItsOwn() {
        server.getClient().nodes().resource(node("plain-1", null)).create();
        server.getClient().nodes().resource(node("rack-node-1", "rack-1")).create();
        server.getClient().nodes().resource(node("rack-node-2", " rack-1 ")).create();
        await().atMost(LATENCY).untilAsserted(() -> {
            assertThat(systemOf("plain-1")).isEqualTo("plain-1");
            assertThat(systemOf("rack-node-1")).isEqualTo("rack-1");
            assertThat(systemOf("rack-node-2")).isEqualTo("rack-1");
        });
    }

    @Test
    void aPodIsRecordedOnceWhenItSucceeds() {
        server.getClient().nodes().resource(node("gpu-1", "gpu")).create();
        Pod pod = create(pod("science", "sim-1", "gromacs", "gpu-1", "Running", List.of(running("main", "2026-11-25T07:00:00Z"))));
        barrier();
        assertThat(run(pod)).as("a running pod is no run yet").isEmpty();

        double before = recordedCount();
        pod = setStatus(pod, "Succeeded", List.of(terminated("main", "2026-11-25T07:00:00Z", "2026-11-25T07:42:17Z", 0),
                terminated("sidecar", "2026-11-25T06:59:58Z", "2026-11-25T07:42:18Z", 0)));
        assertThat(awaitRun(pod)).isEqualTo(new Recorded("gromacs", "gpu", List.of("gpu-1"),
                Instant.parse("2026-11-25T06:59:58Z"), Instant.parse("2026-11-25T07:42:18Z"), "kubernetes"));

        // later updates of the finished pod (labels, status) change nothing
        server.getClient().pods().inNamespace("science").withName("sim-1").edit(p -> {
            p.getMetadata().getLabels().put("touched", "yes");
            return p;
        });
        setStatus(pod, "Succeeded", List.of(terminated("main", "2026-11-25T07:00:00Z", "2026-11-25T07:50:00Z", 0)));
        barrier();
        assertThat(runCount(pod)).isEqualTo(1);
        assertThat(run(pod).orElseThrow().end()).isEqualTo(Instant.parse("2026-11-25T07:42:18Z"));
        assertThat(recordedCount() - before).as("this pod and the barrier").isEqualTo(2);
        given().get("/metrics").then().statusCode(200)
                .body(containsString("energy_analyzer_pods_recorded_total"))
                .body(containsString("energy_analyzer_kubernetes_informer_synced{resource=\"pods\"} 1.0"));
    }

    @Test
    void aFailedPodIsARunToo() {
        Pod pod = create(pod("science", "crash-1", "lammps", "boot-node", "Failed",
                List.of(terminated("main", "2026-11-25T07:10:00Z", "2026-11-25T07:11:00Z", 139))));
        assertThat(awaitRun(pod)).isEqualTo(new Recorded("lammps", "boot", List.of("boot-node"),
                Instant.parse("2026-11-25T07:10:00Z"), Instant.parse("2026-11-25T07:11:00Z"), "kubernetes"));
    }

    @Test
    void podsWithoutTheProgramLabelOrThatNeverRanAreIgnored() {
        Pod unlabelled = create(pod("science", "no-label", null, "boot-node", "Succeeded",
                List.of(terminated("main", "2026-11-25T07:10:00Z", "2026-11-25T07:11:00Z", 0))));
        Pod unscheduled = create(pod("science", "unscheduled", "lammps", null, "Failed", List.of()));
        Pod neverStarted = create(pod("science", "never-started", "lammps", "boot-node", "Failed", List.of(waiting("main", "ErrImagePull"))));
        barrier();
        assertThat(run(unlabelled)).isEmpty();
        assertThat(run(unscheduled)).isEmpty();
        assertThat(run(neverStarted)).isEmpty();
    }

    @Test
    void aRelabelledNodeMovesAndItsEarlierRunsStay() {
        server.getClient().nodes().resource(node("mover", "old-rack")).create();
        Pod first = create(pod("science", "before-move", "hpl", "mover", "Succeeded",
                List.of(terminated("main", "2026-11-25T07:00:00Z", "2026-11-25T07:05:00Z", 0))));
        assertThat(awaitRun(first).system()).isEqualTo("old-rack");

        server.getClient().nodes().withName("mover").edit(n -> {
            n.getMetadata().getLabels().put(Pods.SYSTEM, "new-rack");
            return n;
        });
        await().atMost(LATENCY).until(() -> "new-rack".equals(systemOf("mover")));
        Pod second = create(pod("science", "after-move", "hpl", "mover", "Succeeded",
                List.of(terminated("main", "2026-11-25T07:10:00Z", "2026-11-25T07:15:00Z", 0))));
        assertThat(awaitRun(second).system()).isEqualTo("new-rack");
        assertThat(run(first).orElseThrow().system()).as("a run keeps the system it ran on").isEqualTo("old-rack");

        server.getClient().nodes().withName("mover").edit(n -> {
            n.getMetadata().getLabels().remove(Pods.SYSTEM);
            return n;
        });
        await().atMost(LATENCY).until(() -> "mover".equals(systemOf("mover")));
    }

    @Test
    void theConfigurationOverridesTheNodeLabel() {
        assertThat(systemOf("hpc2")).as("written at start-up").isEqualTo("hpc-a");
        server.getClient().nodes().resource(node("hpc1", "k8s-label")).create();
        server.getClient().nodes().resource(node("after-hpc1", null)).create();
        await().atMost(LATENCY).until(() -> systemOf("after-hpc1") != null);
        assertThat(systemOf("hpc1")).isEqualTo("hpc-a");
    }

    @Test
    void aPodOnANodeNotInTheClusterIsRecordedOnItsOwnSystem() {
        Pod pod = create(pod("science", "ghostly", "hpl", "ghost-node", "Succeeded",
                List.of(terminated("main", "2026-11-25T07:00:00Z", "2026-11-25T07:05:00Z", 0))));
        assertThat(awaitRun(pod).system()).isEqualTo("ghost-node");
        assertThat(systemOf("ghost-node")).isEqualTo("ghost-node");
    }

    @Test
    void aFinishedPodDeletedAtOnceIsRecorded() {
        Pod pod = create(pod("science", "short-lived", "stream", "boot-node", "Succeeded",
                List.of(terminated("main", "2026-11-25T07:00:00Z", "2026-11-25T07:00:00Z", 0))));
        server.getClient().pods().inNamespace("science").withName("short-lived").delete();
        Recorded recorded = awaitRun(pod);
        assertThat(recorded.end()).as("one-second resolution").isEqualTo(Instant.parse("2026-11-25T07:00:01Z"));
    }

    /** Two replicas record the same pod at the same moment (and add its unknown node and new program): one run, no error. */
    @Test
    void concurrentDuplicatesAreAlreadyRecordedNotErrors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                PodRun run = new PodRun("dup-uid-" + i, "science", "dup-" + i, "dup-program-" + i, "dup-node-" + i,
                        Instant.parse("2026-11-25T07:00:00Z"), Instant.parse("2026-11-25T07:30:00Z"));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RunRecorder.Recorded>> both = new ArrayList<>();
                for (int replica = 0; replica < 2; replica++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return PodRunQueue.recordOnce(recorder, nodeSystems, run);
                    }));
                }
                go.countDown();
                RunRecorder.Recorded a = both.get(0).get();
                RunRecorder.Recorded b = both.get(1).get();
                assertThat(a.run().id).isEqualTo(b.run().id);
                assertThat(List.of(a.created(), b.created())).as("run %d", i).containsExactlyInAnyOrder(true, false);
                assertThat(systemOf("dup-node-" + i)).isEqualTo("dup-node-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
