package io.escheduler.actuator.kube;

import io.escheduler.actuator.config.ActuatorConfig;
import io.escheduler.actuator.control.StatePublisher;
import io.escheduler.actuator.control.Throttle;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the node's state as annotations on its own Node object (docs/architecture.md, "Kubernetes
 * vocabulary"), with a JSON merge patch that touches only these keys. Publishing never blocks a
 * change: it runs on its own thread, and when the API server refuses or is away it tries again
 * after {@code node-actuator.annotations.retry-interval} with the newest state.
 */
@ApplicationScoped
public class NodeAnnotator implements StatePublisher {

    public static final String PREFIX = "energy.escheduler.io/";
    public static final String CPU_MAX_KHZ = PREFIX + "cpu-max-khz";
    public static final String POWER_LIMIT_WATTS = PREFIX + "power-limit-watts";
    public static final String THROTTLED = PREFIX + "throttled";
    public static final String THROTTLE_REASON = PREFIX + "throttle-reason";
    public static final String CHANGED_AT = PREFIX + "changed-at";

    private static final Logger LOG = Logger.getLogger(NodeAnnotator.class);

    private final ActuatorConfig config;
    private final Instance<KubernetesClient> client;
    private final Counter failures;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "node-annotator");
        thread.setDaemon(true);
        return thread;
    });
    private Map<String, String> pending;
    private ScheduledFuture<?> retry;

    public NodeAnnotator(ActuatorConfig config, Instance<KubernetesClient> client, MeterRegistry registry) {
        this.config = config;
        this.client = client;
        this.failures = Counter.builder("node.actuator.annotation.failures")
                .description("Node annotation patches the API server refused or did not answer").register(registry);
    }

    /** The annotations for {@code throttle}, last changed at {@code changedAt}. */
    public static Map<String, String> annotations(Throttle throttle, Instant changedAt) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CPU_MAX_KHZ, throttle.lowestCeilingKhz().isPresent() ? Long.toString(throttle.lowestCeilingKhz().getAsLong()) : null);
        values.put(POWER_LIMIT_WATTS, throttle.powerLimitWatts().isPresent()
                ? String.format(Locale.ROOT, "%.3f", throttle.powerLimitWatts().getAsDouble()).replaceAll("\\.?0+$", "") : null);
        values.put(THROTTLED, Boolean.toString(throttle.throttled()));
        values.put(THROTTLE_REASON, throttle.throttled() ? String.join(",", throttle.reasons()) : null);
        values.put(CHANGED_AT, changedAt == null ? null : changedAt.toString());
        return values;
    }

    /** Publishes {@code annotations} (a null value removes the key) to the node, in the background. */
    @Override
    public synchronized void publish(String node, Map<String, String> annotations) {
        if (!config.annotations().enabled()) {
            return;
        }
        pending = annotations;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        executor.execute(() -> send(node));
    }

    private void send(String node) {
        Map<String, String> values;
        synchronized (this) {
            values = pending;
            if (values == null) {
                return;
            }
        }
        try {
            StringBuilder patch = new StringBuilder("{\"metadata\":{\"annotations\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                patch.append(first ? "" : ",").append('"').append(entry.getKey()).append("\":")
                        .append(entry.getValue() == null ? "null" : "\"" + entry.getValue() + "\"");
                first = false;
            }
            patch.append("}}}");
            client.get().nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            synchronized (this) {
                if (pending == values) {
                    pending = null;
                }
            }
            LOG.debugf("node %s annotated: %s", node, values);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.warnf("cannot annotate node %s (trying again in %s): %s", node, config.annotations().retryInterval(), e.getMessage());
            synchronized (this) {
                retry = executor.schedule(() -> send(node), config.annotations().retryInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Waits for the pending publication to finish (shutdown). */
    public void drain() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
