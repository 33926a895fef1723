package io.escheduler.powermanager.execute;

import io.escheduler.policies.execute.Leader;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Who acts: the holder of a coordination.k8s.io Lease ({@code power-manager.leader-election.*}), so that
 * two replicas never act twice. Every replica plans; only {@link #leading()} acts, and the executor asks again before
 * each action, so a leader that lost its Lease mid-plan stops at the next action. A leader that cannot renew for the
 * renew deadline steps down before its Lease expires for the others (fabric8's {@code LeaderElector}, the same
 * algorithm as client-go's), and competes again: it takes the Lease back when nobody else renews it.
 *
 * <p>With leader election off (a single replica), this replica always leads.
 */
public final class Leadership implements Leader, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final String identity;
    private final Consumer<Boolean> onChange;
    private final ExecutorService executor;
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    private Leadership(String identity, Consumer<Boolean> onChange, ExecutorService executor) {
        this.identity = identity;
        this.onChange = onChange;
        this.executor = executor;
    }

    /** A replica that always leads (leader election off). */
    public static Leadership alone(String identity, Consumer<Boolean> onChange) {
        Leadership leadership = new Leadership(identity, onChange, null);
        leadership.leading = true;
        onChange.accept(true);
        return leadership;
    }

    /**
     * Starts competing for the Lease; returns at once.
     *
     * @param namespace the Lease's namespace
     * @param onChange  told {@code true} when this replica starts leading and {@code false} when it stops
     */
    public static Leadership elect(KubernetesClient client, PowerManagerConfig.LeaderElection config, String namespace,
                                   String identity, Consumer<Boolean> onChange) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "policy-leader-election");
            thread.setDaemon(true);
            return thread;
        });
        Leadership leadership = new Leadership(identity, onChange, executor);
        LOG.infof("competing for Lease %s/%s as %s (lease %s, renew deadline %s)", namespace, config.leaseName(), identity,
                config.leaseDuration(), config.renewDeadline());
        leadership.compete(client, config, namespace);
        return leadership;
    }

    /**
     * One round of the election: wait for the Lease, lead while it is renewed. fabric8's {@link LeaderElector}, like
     * client-go's, ends its round for good once this replica lost the Lease (a renewal that failed for the renew
     * deadline, another holder found); a process that keeps running must enter the next round itself, or it never
     * competes again and nobody leads once the other replica is gone.
     */
    private void compete(KubernetesClient client, PowerManagerConfig.LeaderElection config, String namespace) {
        CompletableFuture<?> round = new LeaderElector(client, new LeaderElectionConfigBuilder()
                .withName("power-manager")
                .withLock(new LeaseLock(namespace, config.leaseName(), identity))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build(), executor).start();
        election = round;
        round.whenComplete((ignored, failure) -> {
            if (!closed) {
                LOG.infof("%s competes for Lease %s/%s again", identity, namespace, config.leaseName());
                compete(client, config, namespace);
            }
        });
    }

    /** {@code HOSTNAME} (the pod name in Kubernetes) and a random suffix: unique even when a pod name is reused. */
    public static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "power-manager" : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void started() {
        LOG.infof("%s leads the power policies: enforced plans are carried out here", identity);
        leading = true;
        onChange.accept(true);
    }

    private void stopped() {
        if (leading) {
            LOG.warnf("%s no longer leads the power policies: it plans but does not act", identity);
        }
        leading = false;
        onChange.accept(false);
    }

    private void newLeader(String leader) {
        if (leader != null && !identity.equals(leader)) {
            LOG.infof("the power policies' leader is %s", leader);
        }
    }

    @Override
    public boolean leading() {
        return leading;
    }

    @Override
    public String identity() {
        return identity;
    }

    /** Stops competing and releases the Lease if held, so a successor need not wait for it to expire. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
        if (leading) {
            stopped();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
