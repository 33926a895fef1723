package io.escheduler.powermanager.execute;

import io.escheduler.powermanager.config.PowerManagerConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas competing for the policies' Lease on one API server (the fabric8 mock in CRUD mode, which checks
 * {@code resourceVersion} on updates as the API server does): exactly one leads, never both, and when the leader
 * stops the other takes over.
 */
@EnableKubernetesMockClient(crud = true)
class LeadershipTest {

    KubernetesMockServer server;

    private static final PowerManagerConfig.LeaderElection FAST = new PowerManagerConfig.LeaderElection() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<String> namespace() {
            return Optional.of("escheduler");
        }

        @Override
        public String leaseName() {
            return "power-manager";
        }

        @Override
        public Optional<String> identity() {
            return Optional.empty();
        }

        @Override
        public Duration leaseDuration() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration renewDeadline() {
            return Duration.ofMillis(1500);
        }

        @Override
        public Duration retryPeriod() {
            return Duration.ofMillis(200);
        }
    };

    @Test
    void exactlyOneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItStops() {
        KubernetesClient clientA = server.createClient();
        KubernetesClient clientB = server.createClient();
        List<String> transitions = new ArrayList<>();
        Leadership a = Leadership.elect(clientA, FAST, "escheduler", "replica-a", leading -> record(transitions, "a", leading));
        Leadership b = Leadership.elect(clientB, FAST, "escheduler", "replica-b", leading -> record(transitions, "b", leading));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.leading() || b.leading());
            long watchUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < watchUntil) {
                assertThat(a.leading() && b.leading()).as("both replicas lead at once").isFalse();
                Thread.onSpinWait();
            }
            Leadership leader = a.leading() ? a : b;
            Leadership other = leader == a ? b : a;
            assertThat(other.leading()).isFalse();
            Lease lease = clientA.leases().inNamespace("escheduler").withName("power-manager").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());

            leader.close();
            assertThat(leader.leading()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(other::leading);
            assertThat(clientA.leases().inNamespace("escheduler").withName("power-manager").get().getSpec()
                    .getHolderIdentity()).isEqualTo(other.identity());
        } finally {
            a.close();
            b.close();
            clientA.close();
            clientB.close();
        }
        synchronized (transitions) {
            assertThat(transitions).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    /**
     * A leader that lost its Lease (another holder renewed it, as after a renewal that failed under load) competes
     * again and takes the Lease back once that holder stops renewing it, instead of planning without acting forever.
     */
    @Test
    void aReplicaThatLostTheLeaseTakesItBackWhenTheOtherHolderStopsRenewing() {
        KubernetesClient client = server.createClient();
        List<String> transitions = new ArrayList<>();
        Leadership replica = Leadership.elect(client, FAST, "escheduler", "replica-a", leading -> record(transitions, "a", leading));
        try {
            await().atMost(Duration.ofSeconds(10)).until(replica::leading);
            // another holder takes the Lease and renews it once, then is gone
            client.leases().inNamespace("escheduler").withName("power-manager").edit(lease -> {
                lease.getSpec().setHolderIdentity("replica-b");
                lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
                return lease;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !replica.leading());
            await().atMost(Duration.ofSeconds(10)).until(replica::leading);
            assertThat(client.leases().inNamespace("escheduler").withName("power-manager").get().getSpec().getHolderIdentity())
                    .isEqualTo("replica-a");
        } finally {
            replica.close();
            client.close();
        }
        synchronized (transitions) {
            assertThat(transitions).startsWith("a:true", "a:false", "a:true");
        }
    }

    @Test
    void aReplicaAloneAlwaysLeads() {
        List<String> transitions = new ArrayList<>();
        Leadership alone = Leadership.alone("single", leading -> record(transitions, "single", leading));
        assertThat(alone.leading()).isTrue();
        alone.close();
        assertThat(alone.leading()).isFalse();
        assertThat(transitions).containsExactly("single:true", "single:false");
    }

    private static void record(List<String> transitions, String who, boolean leading) {
        synchronized (transitions) {
            transitions.add(who + ":" + leading);
        }
    }
}
