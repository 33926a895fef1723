package io.escheduler.extender.binding;

import io.escheduler.extender.api.ExtenderMetrics;
import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.protocol.ExtenderBindingArgs;
import io.escheduler.extender.protocol.ExtenderBindingResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bind verb (seed 2): a node that the Node cache says is throttled is restored through its node-actuator first,
 * and the pod is bound only once the actuator's read-back says the node is no longer throttled (and, with
 * {@code scheduler-extender.bind.await-annotation}, once the cache says so too). The Binding is then created through
 * the API server ({@code POST /api/v1/namespaces/{ns}/pods/{name}/binding}, what kube-scheduler's own binder does,
 * with the pod's UID as precondition). Any failure is the bind's {@code Error}: kube-scheduler puts the pod back in
 * its queue and nothing is bound to a node that is still throttled.
 */
@ApplicationScoped
public class Binder {

    private static final Logger LOG = Logger.getLogger(Binder.class);

    private final NodeCache nodes;
    private final ActuatorClient actuators;
    private final Instance<KubernetesClient> client;
    private final ExtenderMetrics metrics;
    private final Duration awaitAnnotation;

    public Binder(NodeCache nodes, ActuatorClient actuators, Instance<KubernetesClient> client, ExtenderMetrics metrics,
                  ExtenderConfig config) {
        this.nodes = nodes;
        this.actuators = actuators;
        this.client = client;
        this.metrics = metrics;
        this.awaitAnnotation = config.bind().awaitAnnotation();
    }

    /** @throws MalformedRequestException when the pod's name or namespace or the node is missing */
    public ExtenderBindingResult bind(ExtenderBindingArgs args) {
        if (args == null || blank(args.podName()) || blank(args.podNamespace()) || blank(args.node())) {
            throw new MalformedRequestException("ExtenderBindingArgs needs PodName, PodNamespace and Node");
        }
        String pod = args.podNamespace() + "/" + args.podName();
        NodeState state = nodes.get(args.node());
        boolean restored = false;
        if (state != null && state.throttled()) {
            try {
                restore(args.node(), state);
                restored = true;
            } catch (RestoreFailedException e) {
                metrics.verdicts("bind", "restore-failed", 1);
                LOG.warnf("pod %s not bound to node %s: %s", pod, args.node(), e.getMessage());
                return new ExtenderBindingResult("node " + args.node() + " is throttled and could not be restored before binding pod "
                        + pod + ": " + e.getMessage());
            }
        } else if (state == null) {
            LOG.debugf("node %s is not in the Node cache: binding pod %s without a restore", args.node(), pod);
        }
        try {
            createBinding(args);
        } catch (KubernetesClientException e) {
            metrics.dependencyFailure("apiserver");
            metrics.verdicts("bind", "binding-failed", 1);
            LOG.warnf("binding pod %s to node %s failed: %s", pod, args.node(), e.getMessage());
            return new ExtenderBindingResult("binding pod " + pod + " to node " + args.node() + " failed: " + e.getMessage());
        }
        metrics.verdicts("bind", restored ? "restored-and-bound" : "bound", 1);
        if (restored) {
            LOG.infof("pod %s bound to node %s after restoring it (was throttled: %s)", pod, args.node(),
                    state.throttleReason() == null ? "no reason given" : state.throttleReason());
        }
        return ExtenderBindingResult.BOUND;
    }

    private void restore(String node, NodeState state) throws RestoreFailedException {
        ActuatorState after;
        try {
            after = actuators.restore(node);
        } catch (RestoreFailedException e) {
            metrics.dependencyFailure("actuator");
            throw e;
        }
        if (after.throttled()) {
            metrics.dependencyFailure("actuator");
            throw new RestoreFailedException("its node-actuator restored it but still reads it back as throttled ("
                    + String.join(",", after.throttleReasons() == null ? java.util.List.of() : after.throttleReasons()) + ")");
        }
        if (!awaitAnnotation.isZero()) {
            try {
                if (!nodes.awaitUnthrottled(node, awaitAnnotation)) {
                    throw new RestoreFailedException("restored, but its annotation " + NodeState.THROTTLED
                            + " still said true after " + awaitAnnotation.toMillis() + " ms (scheduler-extender.bind.await-annotation)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailedException("interrupted while waiting for its annotation");
            }
        }
        LOG.debugf("node %s restored (was %s)", node, state.throttleReason());
    }

    private void createBinding(ExtenderBindingArgs args) {
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(args.podName()).withNamespace(args.podNamespace())
                .withUid(blank(args.podUid()) ? null : args.podUid()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(args.node()).endTarget()
                .build();
        KubernetesClient kube = client.get();
        String url = kube.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + encode(args.podNamespace())
                + "/pods/" + encode(args.podName()) + "/binding";
        kube.raw(url, "POST", binding);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
