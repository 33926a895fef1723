package io.escheduler.analyzer.kube;

import io.escheduler.analyzer.PostgresResource;
import io.escheduler.analyzer.runs.Run;
import io.escheduler.testing.ClassFiles;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.escheduler.analyzer.kube.Pods.node;
import static io.escheduler.analyzer.kube.Pods.pod;
import static io.escheduler.analyzer.kube.Pods.terminated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analyzer only reads the API server: nothing in it may evict, patch, cordon, create, delete, read a Secret or
 * hold a Lease (the power policies, which do, are power-manager's; docs/energy-analyzer.md). Two checks:
 * <ul>
 *   <li>its compiled classes call no fabric8 method that writes, and refer to no Secret, Lease, Eviction or leader
 *   election type (read from their constant pools, whatever the source wrote);</li>
 *   <li>run discovery at work against the Kubernetes test server (Nodes added and relabelled, a pod finishing and
 *   recorded as a run) sends only GETs: lists and watches. The analyzer's requests carry its own token
 *   ({@link ClusterWatchTest#ANALYZERS_TOKEN}), the test's own writes do not.</li>
 * </ul>
 * ClusterWatchTest's profile and test resources: the same running application.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = ClusterWatchTest.Cluster.class)
@TestProfile(ClusterWatchTest.Discovery.class)
@QuarkusTestResource(PostgresResource.class)
class KubernetesReadOnlyTest {

    /** fabric8 client calls that change something (on any DSL interface or class of io.fabric8.kubernetes.client). */
    static final Set<String> WRITE_CALLS = Set.of("create", "createOr", "createOrReplace", "replace", "replaceStatus", "update",
            "updateStatus", "patch", "patchStatus", "edit", "editStatus", "accept", "delete", "evict", "serverSideApply", "apply",
            "scale", "rolling", "undo", "updateImage", "raw", "getHttpClient", "bind");
    static final String CLIENT_PACKAGE = "io/fabric8/kubernetes/client/";
    /** Types whose mere use means a write, a Secret read or a Lease. */
    static final Set<String> FORBIDDEN_TYPES = Set.of("io/fabric8/kubernetes/api/model/Secret",
            "io/fabric8/kubernetes/api/model/coordination/", "io/fabric8/kubernetes/api/model/policy/v1/Eviction",
            "io/fabric8/kubernetes/api/model/policy/v1beta1/Eviction", "io/fabric8/kubernetes/client/extended/leaderelection/",
            "io/fabric8/kubernetes/api/model/EventBuilder", "io/fabric8/kubernetes/api/model/events/");

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path SELF_TEST = Path.of("target", "test-classes", "io", "escheduler", "analyzer", "kube",
            "DeliberateWrites.class");

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void noClassOfTheAnalyzerCallsAKubernetesWriteOrUsesSecretsLeasesOrEvictions() {
        List<Path> classes = ClassFiles.under(CLASSES);
        assertThat(classes).as("the analyzer's classes under %s", CLASSES.toAbsolutePath()).hasSizeGreaterThan(50);
        List<String> found = new ArrayList<>();
        for (Path c : classes) {
            found.addAll(violations(c));
        }
        assertThat(found).as("energy-analyzer only reads the API server (power-manager writes)").isEmpty();
    }

    /** The scan finds what it looks for: a class that cordons, evicts and reads a Secret. */
    @Test
    void theScanFindsADeliberateWrite() {
        assertThat(violations(SELF_TEST)).anyMatch(v -> v.contains(".edit("))
                .anyMatch(v -> v.contains(".evict("))
                .anyMatch(v -> v.contains("io/fabric8/kubernetes/api/model/Secret"));
    }

    @Test
    void runDiscoverySendsTheApiServerOnlyGets() throws InterruptedException {
        KubernetesClient client = server.getClient();
        client.nodes().resource(node("readonly-1", "rack-9")).create();
        client.nodes().withName("readonly-1").edit(n -> {
            n.getMetadata().getLabels().put("energy.escheduler.io/system", "rack-10");
            return n;
        });
        Pod done = ClusterWatchTest.create(client, pod("audit", "readonly-run", "stream", "readonly-1", "Succeeded",
                List.of(terminated("main", "2026-11-25T04:00:00Z", "2026-11-25T04:10:00Z", 0))));
        await().atMost(Duration.ofSeconds(20)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> Run.count("runKey", "pod:" + done.getMetadata().getUid())) == 1);

        Set<String> analyzers = new TreeSet<>();
        int seen = 0;
        for (RecordedRequest request; (request = server.getKubernetesMockServer().takeRequest(200, TimeUnit.MILLISECONDS)) != null; ) {
            if (("Bearer " + ClusterWatchTest.ANALYZERS_TOKEN).equals(request.getHeader("Authorization"))) {
                seen++;
                if (!"GET".equals(request.getMethod())) {
                    analyzers.add(request.getMethod() + " " + request.getPath());
                }
            }
        }
        assertThat(seen).as("requests the analyzer sent with its token (lists and watches of Nodes and pods)").isPositive();
        assertThat(analyzers).as("the analyzer's requests other than GET").isEmpty();
    }

    /** What the class at {@code path} does that the analyzer must not: each call or type, named. */
    static List<String> violations(Path path) {
        List<String> found = new ArrayList<>();
        for (ClassFiles.MethodCall call : ClassFiles.methodCalls(path)) {
            if (call.owner().startsWith(CLIENT_PACKAGE) && WRITE_CALLS.contains(call.name())) {
                found.add(path.getFileName() + " calls " + call.owner().replace('/', '.') + "." + call.name() + "(");
            }
        }
        for (String type : ClassFiles.forbidden(path, FORBIDDEN_TYPES)) {
            found.add(path.getFileName() + " uses " + type);
        }
        return found;
    }
}
