package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Http;
import io.escheduler.testing.kube.KubeControlPlane;
import io.escheduler.testing.kube.KubeObjects;
import io.escheduler.testing.kube.NodeAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.escheduler.kubernetes.ClusterTestbed.BASELINE_KHZ;
import static io.escheduler.kubernetes.ClusterTestbed.MIN_KHZ;
import static io.escheduler.kubernetes.ClusterTestbed.NAMESPACE;
import static io.escheduler.kubernetes.ClusterTestbed.WORK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kube-scheduler (the real one, built from {@code k8s.io/kubernetes}) runs the repository's own scheduler
 * configurations and calls the packaged scheduler-extender, which restores throttled nodes through the packaged
 * node-actuators; every service runs with its own service account's token against a real API server, so RBAC decides
 * (see {@link ClusterTestbed}), the packaged energy-analyzer ranking systems from runs it recorded itself (finished
 * pods, their power from a real Prometheus scraping the packaged exporters). Pods that do not opt in to energy-aware
 * placement are scored by throttling alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnergySchedulerIT {

    /** The configurations kube-scheduler is run with, and as whom. */
    enum Setup {
        /** {@code kubernetes/base/energy-scheduler}, as its service account energy-scheduler. */
        SECOND_SCHEDULER,
        /** The same with {@code nodeCacheCapable: false}: whole Node objects in the calls. */
        SECOND_SCHEDULER_WITHOUT_NODE_CACHE,
        /** {@code kubernetes/control-plane}, as the control plane's user system:kube-scheduler (kubeadm's scheduler.conf). */
        CONTROL_PLANE
    }

    /** What each node's package draws while the tests run (W): node-b's system has the lower peak. */
    private static final double NODE_A_WATTS = 40;
    private static final double NODE_B_WATTS = 15;
    private static final String PROGRAM = "energy.escheduler.io/program";
    /** Far longer than a bind takes (well under a second): room for a host busy with other builds. */
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(60);

    private static ClusterTestbed testbed;
    private static String analyzer;

    @BeforeAll
    static void start() {
        testbed = ClusterTestbed.start();
        analyzer = testbed.startAnalyzer(Map.of("node-a", NODE_A_WATTS, "node-b", NODE_B_WATTS));
        testbed.startExtender(analyzer);
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @AfterEach
    void cleanUp() {
        testbed.deleteWorkPods();
        testbed.restoreAll("scheduler-extender");
    }

    private static void schedule(Setup setup) {
        KubeControlPlane plane = testbed.plane();
        String extender = testbed.extenderUrl();
        switch (setup) {
            case SECOND_SCHEDULER -> testbed.startScheduler("energy-scheduler", SchedulerConfigs.SECOND_SCHEDULER.forTest(extender,
                    plane.serviceAccountKubeconfig(NAMESPACE, "energy-scheduler")), plane.serviceAccountKubeconfig(NAMESPACE, "energy-scheduler"));
            case SECOND_SCHEDULER_WITHOUT_NODE_CACHE -> testbed.startScheduler("energy-scheduler-no-cache",
                    SchedulerConfigs.SECOND_SCHEDULER.forTestWithoutNodeCache(extender, plane.serviceAccountKubeconfig(NAMESPACE, "energy-scheduler")),
                    plane.serviceAccountKubeconfig(NAMESPACE, "energy-scheduler"));
            case CONTROL_PLANE -> {
                var kubeconfig = plane.kubeconfig("kube-scheduler", plane.staticToken("system:kube-scheduler"), "kube-system");
                testbed.startScheduler("kube-scheduler", SchedulerConfigs.CONTROL_PLANE.forTest(extender, kubeconfig), kubeconfig);
            }
        }
    }

    private static String name(Setup setup, String pod) {
        return setup.name().toLowerCase().replace('_', '-') + "-" + pod;
    }

    @Order(1)
    @ParameterizedTest
    @EnumSource(Setup.class)
    void podsAvoidAThrottledNodeWhileAnotherFits(Setup setup) {
        schedule(setup);
        testbed.throttle("node-a", "scheduler-extender");
        double removed = testbed.verdicts("filter", "throttled-removed");
        double bound = testbed.verdicts("bind", "bound");

        List<String> pods = List.of(name(setup, "web-0"), name(setup, "web-1"), name(setup, "web-2"));
        for (String pod : pods) {
            testbed.createPod(KubeObjects.pod(WORK, pod, "energy-scheduler", "500m", Map.of("app", "web")));
        }
        for (String pod : pods) {
            assertThat(testbed.awaitBound(pod, BIND_TIMEOUT)).as(pod).isEqualTo("node-b");
        }
        // kube-scheduler called the filter with bodies the extender read (node-a removed once per pod) and bound
        // through the extender's bind
        assertThat(testbed.verdicts("filter", "throttled-removed") - removed).isGreaterThanOrEqualTo(pods.size());
        assertThat(testbed.verdicts("bind", "bound") - bound).isEqualTo(pods.size());
        assertThat(testbed.ceilingKhz("node-a")).as("node-a left throttled").isEqualTo(MIN_KHZ);
    }

    @Order(2)
    @ParameterizedTest
    @EnumSource(Setup.class)
    void aPodLandsOnAThrottledNodeOnlyWhenNothingElseFitsAndTheNodeIsRestoredFirst(Setup setup) {
        schedule(setup);
        testbed.throttle("node-a", "scheduler-extender");
        // node-b keeps 1 of its 4 CPUs free
        var filler = KubeObjects.pod(WORK, name(setup, "filler"), null, "3", Map.of("app", "filler"));
        ((ObjectNode) filler.get("spec")).put("nodeName", "node-b");
        testbed.createPod(filler);
        double restored = testbed.verdicts("bind", "restored-and-bound");

        String pod = name(setup, "big");
        testbed.createPod(KubeObjects.pod(WORK, pod, "energy-scheduler", "2", Map.of("app", "big")));

        assertThat(testbed.awaitBound(pod, BIND_TIMEOUT)).isEqualTo("node-a");
        assertThat(testbed.verdicts("bind", "restored-and-bound") - restored).isEqualTo(1);
        assertThat(testbed.ceilingKhz("node-a")).as("node-a's sysfs back at its baseline").isEqualTo(BASELINE_KHZ);
        testbed.awaitTrue("node-a annotated unthrottled by its actuator", () -> "false".equals(testbed.annotation("node-a", "throttled")));
        assertThat(testbed.actuator("node-a").output())
                .contains("system:serviceaccount:escheduler:scheduler-extender");
    }

    @Order(3)
    @Test
    void aPodWaitsWhileTheOnlyNodeThatFitsCannotBeRestored() {
        // kubernetes/base/energy-scheduler registers bind as not ignorable: when the restore fails, kube-scheduler
        // must put the pod back in its queue, not bind it onto the throttled node itself
        schedule(Setup.SECOND_SCHEDULER);
        testbed.throttle("node-a", "scheduler-extender");
        var filler = KubeObjects.pod(WORK, "waits-filler", null, "3", Map.of("app", "filler"));
        ((ObjectNode) filler.get("spec")).put("nodeName", "node-b");
        testbed.createPod(filler);
        double failed = testbed.verdicts("bind", "restore-failed");
        testbed.stopActuator("node-a");
        try {
            testbed.createPod(KubeObjects.pod(WORK, "waits", "energy-scheduler", "2", Map.of("app", "big")));
            testbed.awaitTrue("a failed restore", () -> testbed.verdicts("bind", "restore-failed") > failed);
            Instant until = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(until)) {
                assertThat(KubeObjects.nodeOf(testbed.pod("waits"))).as("bound while its node could not be restored").isEmpty();
                ClusterTestbed.sleep(250);
            }
            assertThat(testbed.ceilingKhz("node-a")).isEqualTo(MIN_KHZ);
        } finally {
            testbed.startActuator("node-a");
        }
        // the actuator is back (its state file still says throttled): the next attempt restores and binds
        assertThat(testbed.awaitBound("waits", Duration.ofSeconds(60))).isEqualTo("node-a");
        assertThat(testbed.ceilingKhz("node-a")).isEqualTo(BASELINE_KHZ);
    }

    @Order(4)
    @Test
    void theActuatorAcceptsOnlyAllowedAccountsWithTokensForItsAudience() {
        KubeControlPlane plane = testbed.plane();
        String state = testbed.actuator("node-b").baseUrl() + "/v1/state";
        // the extender's projected token (audience node-actuator): allowed
        assertThat(Http.send("GET", state, plane.token(NAMESPACE, "scheduler-extender", "node-actuator"), null).status()).isEqualTo(200);
        // another account's token for the same audience: known, not on the allow-list
        Http.Response other = Http.send("GET", state, plane.token(WORK, "default", "node-actuator"), null);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).contains("system:serviceaccount:work:default");
        // the extender's own default token, made for the API server: refused by the API server's TokenReview
        Http.Response apiToken = Http.send("GET", state, plane.token(NAMESPACE, "scheduler-extender"), null);
        assertThat(apiToken.status()).isEqualTo(401);
        // and a token made for the actuator is no API-server token
        assertThat(plane.as(plane.token(NAMESPACE, "scheduler-extender", "node-actuator")).request("GET", "api/v1/nodes", null, null).status())
                .isEqualTo(401);
    }

    @Order(5)
    @Test
    void podsThatOptInFollowTheAnalyzersLowestPeakRanking() {
        schedule(Setup.SECOND_SCHEDULER);
        // job runs, as the analyzer learns them: finished pods of a program on a node. lulesh ran on both systems
        // (node-a's package draws 40 W, node-b's 15 W); hpl only on node-b's, so node-a's counts 0 W for it.
        for (String[] run : new String[][] {{"lulesh-run-a", "lulesh", "node-a"}, {"lulesh-run-b", "lulesh", "node-b"},
                {"hpl-run-b", "hpl", "node-b"}}) {
            ObjectNode pod = KubeObjects.pod(WORK, run[0], null, "100m", Map.of(PROGRAM, run[1]));
            ((ObjectNode) pod.get("spec")).put("nodeName", run[2]).put("restartPolicy", "Never");
            KubeObjects.annotations(pod).put(NodeAgent.RUN_SECONDS_ANNOTATION, "5");
            testbed.createPod(pod);
        }
        testbed.awaitTrue(Duration.ofSeconds(120), "the analyzer's placement knows lulesh's runs on both systems and hpl's on node-b's",
                () -> runs("lulesh", "node-a-system") == 1 && runs("lulesh", "node-b-system") == 1 && runs("hpl", "node-b-system") == 1);

        for (int i = 0; i < 2; i++) {
            for (String program : List.of("lulesh", "hpl")) {
                ObjectNode pod = KubeObjects.pod(WORK, program + "-" + i, "energy-scheduler", "100m", Map.of(PROGRAM, program));
                KubeObjects.annotations(pod).put("energy.escheduler.io/energy-aware", "true");
                testbed.createPod(pod);
            }
        }
        for (int i = 0; i < 2; i++) {
            assertThat(testbed.awaitBound("lulesh-" + i, BIND_TIMEOUT)).as("lowest peak: node-b's 15 W").isEqualTo("node-b");
            assertThat(testbed.awaitBound("hpl-" + i, BIND_TIMEOUT)).as("never ran there: 0 W").isEqualTo("node-a");
        }
        assertThat(testbed.verdicts("prioritize", "energy")).isGreaterThanOrEqualTo(4);
    }

    /** How many runs of {@code program} the analyzer's placement counts on {@code system}. */
    private static int runs(String program, String system) throws IOException {
        Http.Response answer = Http.get(analyzer + "/v1/placement?program=" + program, "application/json");
        if (!answer.ok()) {
            return -1;
        }
        for (var entry : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("ranking")) {
            if (entry.path("system").asText().equals(system)) {
                return entry.path("runs").asInt();
            }
        }
        return 0;
    }

    /**
     * The analyzer's writes take a token that the API server vouches for (TokenReview, the analyzer's one grant beyond
     * list and watch) and whose account its allow-list names: none gets 401, the extender's account (a reader) 403, an
     * account not on its lists 403 naming the account, a token made for the API server's audience 401.
     */
    @Order(6)
    @Test
    void theAnalyzerRefusesARunWithoutTokenAndOneFromAnAccountThatMayNotWrite() {
        String run = "{\"program\": \"lulesh\", \"nodes\": [\"node-a\"], \"start\": \"2026-11-25T08:00:00Z\","
                + " \"end\": \"2026-11-25T09:00:00Z\"}";
        KubeControlPlane plane = testbed.plane();
        String extenders = plane.token(NAMESPACE, "scheduler-extender", "energy-analyzer");

        Http.Response anonymous = Http.send("POST", analyzer + "/v1/runs", null, run);
        Http.Response reader = Http.send("POST", analyzer + "/v1/runs", extenders, run);
        Http.Response foreign = Http.send("POST", analyzer + "/v1/runs", plane.token(WORK, "default", "energy-analyzer"), run);
        Http.Response apiToken = Http.send("POST", analyzer + "/v1/runs", plane.token(WORK, "default"), run);

        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(reader.status()).as(reader.body()).isEqualTo(403);
        assertThat(reader.body()).contains("scheduler-extender");
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.body()).contains("system:serviceaccount:work:default");
        assertThat(apiToken.status()).as(apiToken.body()).isEqualTo(401);
    }

    /**
     * Every service ran with its own service account's token, and the API server's audit log recorded what each asked
     * for: nothing was refused (a call the code makes that its role lacks fails here, whatever the scenario did with
     * the refusal), and every grant of its roles ({@link RbacTest#expected}, which RbacTest holds equal to the
     * manifests) was used, except those {@link RbacCoverage#UNUSED_HERE} justifies.
     */
    @Order(100)
    @Test
    void eachServiceAccountUsedEveryGrantOfItsRolesAndWasRefusedNothing() {
        RbacCoverage.assertUsedEveryGrantAndWasRefusedNothing(RbacCoverage.ACCOUNTS, testbed.plane().audit());
    }
}
