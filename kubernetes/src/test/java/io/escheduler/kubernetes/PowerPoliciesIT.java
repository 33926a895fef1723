package io.escheduler.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.escheduler.testing.kube.AuditEvent;
import io.escheduler.testing.kube.KubeObjects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.escheduler.kubernetes.PowerPoliciesTestbed.REPLICAS;
import static io.escheduler.kubernetes.PowerPoliciesTestbed.WORK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The power policies in enforce mode against a real API server: two replicas of the packaged power-manager, each with
 * the power-manager service account's token and the base's RBAC (see {@link PowerPoliciesTestbed}), consolidation
 * enforced through the {@code file} power driver. In order: exactly one replica holds the Lease; the leader empties a
 * node (cordon, then evictions through the Eviction API, then power-off and the Node's annotations); a
 * PodDisruptionBudget the API server finds forbidding makes the eviction answer 429 and the power-off abandoned, the
 * cordon undone; every action is an Event on its Node; the leader, killed, hands the Lease to the other replica; and,
 * from the API server's audit log, power-manager used every grant of its roles and was refused nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PowerPoliciesIT {

    private static final String USER = "system:serviceaccount:escheduler:power-manager";
    /** Runs the Deployment web (2 pods), emptied and powered off by consolidation. */
    private static final String EMPTIED = "idle-1";
    /** Runs the Deployment shop (1 pod) under a PodDisruptionBudget. */
    private static final String GUARDED = "guarded-1";
    /** Where the pods go; kept on throughout. */
    private static final List<String> SPARES = List.of("spare-1", "spare-2");
    /** Far longer than a handover takes (the lease duration, 15 s, and a retry period): room for a busy host. */
    private static final Duration HANDOVER_BOUND = Duration.ofSeconds(60);

    private static PowerPoliciesTestbed testbed;
    private static List<String> webPods;
    private static String leader;
    private static String follower;

    @BeforeAll
    static void start() {
        List<String> nodes = new ArrayList<>(List.of(EMPTIED, GUARDED));
        nodes.addAll(SPARES);
        testbed = PowerPoliciesTestbed.start(nodes);
        webPods = testbed.deployOn(EMPTIED, "web", 2);
        testbed.deployOn(GUARDED, "shop", 1);
        testbed.awaitReplicas();
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Order(1)
    @Test
    void exactlyOneOfTwoReplicasHoldsTheLease() throws IOException {
        testbed.awaitTrue("a replica holding the Lease, saying so and acting", () -> REPLICAS.contains(testbed.leaseHolder())
                && testbed.leading(testbed.leaseHolder()) && testbed.acting(testbed.leaseHolder()));
        leader = testbed.leaseHolder();
        follower = REPLICAS.get(1 - REPLICAS.indexOf(leader));
        // over a few lease renewals: the holder leads and acts, the other plans without acting
        for (int i = 0; i < 8; i++) {
            assertThat(testbed.leaseHolder()).isEqualTo(leader);
            assertThat(REPLICAS.stream().filter(testbed::leading).toList()).as("replicas that say they lead").containsExactly(leader);
            assertThat(testbed.acting(leader)).as("%s acts on the enforced consolidation", leader).isTrue();
            assertThat(testbed.acting(follower)).as("%s only plans", follower).isFalse();
            ClusterTestbed.sleep(500);
        }
    }

    @Order(2)
    @Test
    void consolidationCordonsTheNodeThenEvictsItsPodsThroughTheEvictionApiAndPowersItOff() throws IOException {
        testbed.allowPowerOff(EMPTIED);
        testbed.awaitTrue(EMPTIED + " emptied and powered off", () -> testbed.audited(EMPTIED).stream().anyMatch(r -> r.startsWith("power-off ")));

        assertThat(testbed.audited(EMPTIED)).containsExactly(
                "cordon done by " + leader,
                "evict " + WORK + "/" + webPods.get(0) + " done by " + leader,
                "evict " + WORK + "/" + webPods.get(1) + " done by " + leader,
                "power-off done by " + leader);
        // what the API server saw: the cordon (a PATCH of the Node) before the evictions, each a POST to the pod's
        // eviction subresource that it admitted; power-manager deletes no pod itself
        List<AuditEvent> calls = testbed.plane().audit().stream().filter(e -> e.user().equals(USER) && !e.verb().equals("watch")
                && !e.verb().equals("list")).toList();
        AuditEvent cordon = calls.stream().filter(e -> e.resource().equals("nodes") && e.name().equals(EMPTIED) && e.verb().equals("patch"))
                .findFirst().orElseThrow();
        List<AuditEvent> evictions = calls.stream().filter(e -> e.fullResource().equals("pods/eviction") && e.namespace().equals(WORK)
                && webPods.contains(e.name())).toList();
        assertThat(evictions).extracting(AuditEvent::name).containsExactlyInAnyOrderElementsOf(webPods);
        assertThat(evictions).extracting(AuditEvent::status).containsOnly(201);
        assertThat(evictions).allMatch(e -> e.received().isAfter(cordon.received()), "after the cordon at " + cordon.received());
        assertThat(calls).noneMatch(e -> e.resource().equals("pods") && e.verb().equals("delete"));

        // the Node stays, cordoned by consolidation and marked powered off; the file driver was asked to switch it off
        JsonNode node = testbed.node(EMPTIED);
        assertThat(node.path("spec").path("unschedulable").asBoolean()).isTrue();
        JsonNode annotations = node.path("metadata").path("annotations");
        assertThat(annotations.path("energy.escheduler.io/cordoned-by").asText()).isEqualTo("consolidation");
        assertThat(annotations.path("energy.escheduler.io/powered-off").asText()).isEqualTo("true");
        assertThat(annotations.path("energy.escheduler.io/powered-off-at").asText()).isNotEmpty();
        assertThat(testbed.powerOffRequests()).containsExactly(EMPTIED);

        // the ReplicaSet replaced the evicted pods, and kube-scheduler put the new ones on the spare nodes
        testbed.awaitTrue("web's two pods running again on the spare nodes", () -> testbed.running("web").size() == 2
                && testbed.running("web").stream().allMatch(pod -> SPARES.contains(KubeObjects.nodeOf(pod))));
        assertThat(testbed.running("web")).extracting(pod -> pod.path("metadata").path("name").asText()).doesNotContainAnyElementsOf(webPods);
    }

    @Order(3)
    @Test
    void anEvictionThePodDisruptionBudgetForbidsIsRefusedWith429AndThePowerOffAbandoned() throws IOException {
        String budget = "apis/policy/v1/namespaces/" + WORK + "/poddisruptionbudgets/shop";
        String shopPod = testbed.running("shop").get(0).path("metadata").path("name").asText();
        testbed.admin().apply(KubeObjects.podDisruptionBudget(WORK, "shop", "shop", 0));
        testbed.awaitTrue("the disruption controller allowing shop one disruption", () -> {
            JsonNode pdb = testbed.admin().get(budget);
            return pdb.path("status").path("observedGeneration").asLong() == pdb.path("metadata").path("generation").asLong()
                    && pdb.path("status").path("disruptionsAllowed").asInt() == 1;
        });
        // The budget now keeps shop's only pod (minAvailable 1: no disruption allowed) while the disruption controller
        // has not counted it yet: power-manager's informer still reads "1 allowed" from the status, the API server
        // sees a status older than the budget and refuses every eviction it covers (429), as it would while the
        // controller manager lags. The rails cannot know better; the executor must take the refusal.
        testbed.plane().pauseControllers();
        try {
            testbed.admin().apply(KubeObjects.podDisruptionBudget(WORK, "shop", "shop", 1));
            testbed.allowPowerOff(GUARDED);
            testbed.awaitTrue(GUARDED + "'s change over", () -> testbed.audited(GUARDED).stream().anyMatch(r -> r.startsWith("uncordon ")));
        } finally {
            testbed.plane().resumeControllers();
        }

        assertThat(testbed.audited(GUARDED)).containsExactly(
                "cordon done by " + leader,
                "evict " + WORK + "/" + shopPod + " skipped — the Eviction API refused (HTTP 429): a PodDisruptionBudget allows no "
                        + "disruption now by " + leader,
                "power-off skipped — not powered off: evictions refused for " + WORK + "/" + shopPod + " by " + leader,
                "uncordon done by " + leader);
        assertThat(testbed.plane().audit()).filteredOn(e -> e.user().equals(USER) && e.fullResource().equals("pods/eviction")
                && e.name().equals(shopPod)).extracting(AuditEvent::status).containsOnly(429);

        // abandoned: the node uncordoned, its cordon mark gone, not marked powered off, no power-off requested; the pod stays
        JsonNode node = testbed.node(GUARDED);
        assertThat(node.path("spec").path("unschedulable").asBoolean()).isFalse();
        assertThat(node.path("metadata").path("annotations").has("energy.escheduler.io/cordoned-by")).isFalse();
        assertThat(node.path("metadata").path("annotations").has("energy.escheduler.io/powered-off")).isFalse();
        assertThat(testbed.powerOffRequests()).containsExactly(EMPTIED);
        assertThat(testbed.running("shop")).extracting(pod -> pod.path("metadata").path("name").asText()).containsExactly(shopPod);

        // once the disruption controller has counted, the plan itself leaves the node alone for the budget
        testbed.awaitTrue("consolidation's plan skipping " + GUARDED + " for shop's budget", () -> {
            for (JsonNode skip : testbed.consolidationPlan(leader).path("skipped")) {
                if (skip.path("node").asText().equals(GUARDED) && skip.path("reason").asText().contains("PodDisruptionBudget " + WORK + "/shop")) {
                    return true;
                }
            }
            return false;
        });
    }

    @Order(4)
    @Test
    void everyActionIsAnEventOnItsNode() {
        assertThat(testbed.events(EMPTIED)).extracting(e -> e.path("reason").asText() + " " + e.path("type").asText())
                .containsExactly("Cordon Normal", "Evict Normal", "Evict Normal", "PowerOff Normal");
        assertThat(testbed.events(GUARDED)).extracting(e -> e.path("reason").asText() + " " + e.path("type").asText())
                .containsExactly("Cordon Normal", "EvictSkipped Warning", "PowerOffSkipped Warning", "Uncordon Normal");
        for (String node : List.of(EMPTIED, GUARDED)) {
            for (JsonNode event : testbed.events(node)) {
                assertThat(event.path("source").path("component").asText()).isEqualTo("power-manager");
                assertThat(event.path("reportingInstance").asText()).isEqualTo(leader);
                assertThat(event.path("involvedObject").path("apiVersion").asText()).isEqualTo("v1");
            }
        }
        assertThat(testbed.events(GUARDED).get(1).path("message").asText()).contains("HTTP 429");
        assertThat(testbed.plane().audit()).filteredOn(e -> e.user().equals(USER) && e.resource().equals("events"))
                .allMatch(e -> e.verb().equals("create") && e.namespace().equals("default") && e.status() == 201)
                .hasSize(testbed.events(EMPTIED).size() + testbed.events(GUARDED).size());
    }

    @Order(5)
    @Test
    void aKilledLeadersLeaseGoesToTheOtherReplica() {
        JsonNode before = testbed.admin().get(PowerPoliciesTestbed.LEASE);
        String holder = before.path("spec").path("holderIdentity").asText();
        String other = REPLICAS.get(1 - REPLICAS.indexOf(holder));
        Instant killed = Instant.now();
        testbed.replica(holder).kill();
        testbed.awaitTrue(HANDOVER_BOUND, other + " holding the Lease and leading after " + holder + " was killed",
                () -> other.equals(testbed.leaseHolder()) && testbed.leading(other) && testbed.acting(other));
        Duration handover = Duration.between(killed, Instant.now());
        System.err.printf("power-manager: Lease handed over %.1f s after SIGKILL of the leader (lease duration %s; load average %s)%n",
                handover.toMillis() / 1000.0, PowerPoliciesTestbed.LEASE_DURATION, ClusterTestbed.loadAverage());
        assertThat(handover).isLessThan(HANDOVER_BOUND);
        JsonNode after = testbed.admin().get(PowerPoliciesTestbed.LEASE);
        assertThat(after.path("spec").path("leaseTransitions").asInt()).isGreaterThan(before.path("spec").path("leaseTransitions").asInt());
    }

    /**
     * power-manager ran with its own service account's token: RBAC refused it nothing, and the scenarios above used
     * every grant of its roles (informers' list and watch, the Node's get and patch, evictions, Events, the Lease).
     */
    @Order(100)
    @Test
    void powerManagerUsedEveryGrantOfItsRolesAndWasRefusedNothing() {
        RbacCoverage.assertUsedEveryGrantAndWasRefusedNothing(List.of("escheduler/power-manager"), testbed.plane().audit());
    }
}
