package io.escheduler.extender.binding;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.escheduler.extender.api.ExtenderMetrics;
import io.escheduler.extender.config.ExtenderConfig;
import io.escheduler.extender.nodes.NodeCache;
import io.escheduler.extender.nodes.NodeState;
import io.escheduler.extender.protocol.ExtenderBindingArgs;
import io.escheduler.extender.protocol.ExtenderBindingResult;
import io.escheduler.extender.protocol.MalformedRequestException;
import io.escheduler.extender.protocol.ProtocolWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The bind verb (seed 2): a node that the Node cache says is throttled is restored through its node-actuator first,
 * and the pod is bound only once the actuator's read-back says the node is no longer throttled (and, with
 * {@code scheduler-extender.bind.await-annotation}, once the cache says so too). The Binding is then created through
 * the API server ({@code POST /api/v1/namespaces/{ns}/pods/{name}/binding}, what kube-scheduler's own binder does,
 * with the pod's UID as precondition). Any failure is the bind's {@code Error}: kube-scheduler puts the pod back in
 * its queue and nothing is bound to a node that is still throttled. A bind that needs no restore does not block
 * ({@link #bindUnthrottled}); one that does, does ({@link #bind}).
 */
@ApplicationScoped
public class Binder {

    private static final Logger LOG = Logger.getLogger(Binder.class);
    private static final ObjectMapper STATUS = new ObjectMapper();

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
    public static void check(ExtenderBindingArgs args) {
        if (args == null || blank(args.podName()) || blank(args.podNamespace()) || blank(args.node())) {
            throw new MalformedRequestException("ExtenderBindingArgs needs PodName, PodNamespace and Node");
        }
    }

    /** Whether binding onto {@code node} waits for a restore first (the Node cache says it is throttled): {@link #bind} then blocks. */
    public boolean needsRestore(String node) {
        NodeState state = nodes.get(node);
        return state != null && state.throttled();
    }

    /**
     * Binds as the verb does, blocking: restores the node first where {@link #needsRestore} says so.
     *
     * @throws MalformedRequestException when the pod's name or namespace or the node is missing
     */
    public ExtenderBindingResult bind(ExtenderBindingArgs args) {
        check(args);
        String pod = args.podNamespace() + "/" + args.podName();
        NodeState state = nodes.get(args.node());
        if (state == null || !state.throttled()) {
            return bindUnthrottled(args).toCompletableFuture().join();
        }
        try {
            restore(args.node(), state);
        } catch (RestoreFailedException e) {
            metrics.verdicts("bind", "restore-failed", 1);
            LOG.warnf("pod %s not bound to node %s: %s", pod, args.node(), e.getMessage());
            return new ExtenderBindingResult("node " + args.node() + " is throttled and could not be restored before binding pod "
                    + pod + ": " + e.getMessage());
        }
        ExtenderBindingResult result = createBinding(args, true).toCompletableFuture().join();
        if (result.error().isEmpty()) {
            LOG.infof("pod %s bound to node %s after restoring it (was throttled: %s)", pod, args.node(),
                    state.throttleReason() == null ? "no reason given" : state.throttleReason());
        }
        return result;
    }

    /**
     * Binds without a restore and without blocking (the caller has seen {@link #needsRestore} false): what nearly every
     * bind is, answered from the event loop. The Binding's POST goes through the fabric8 client's HTTP client (its
     * configuration, credentials and connections) with a body written here, not a model object serialized per pod.
     *
     * @throws MalformedRequestException when the pod's name or namespace or the node is missing
     */
    public CompletionStage<ExtenderBindingResult> bindUnthrottled(ExtenderBindingArgs args) {
        check(args);
        if (nodes.get(args.node()) == null) {
            LOG.debugf("node %s is not in the Node cache: binding pod %s/%s without a restore", args.node(), args.podNamespace(),
                    args.podName());
        }
        return createBinding(args, false);
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

    /** POSTs the Binding; its result: bound, or the API server's refusal (or the request's failure) as the bind's Error. */
    private CompletionStage<ExtenderBindingResult> createBinding(ExtenderBindingArgs args, boolean restored) {
        String pod = args.podNamespace() + "/" + args.podName();
        CompletionStage<HttpResponse<String>> sent;
        try {
            KubernetesClient kube = client.get();
            HttpClient http = kube.getHttpClient();
            String url = kube.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + encode(args.podNamespace())
                    + "/pods/" + encode(args.podName()) + "/binding";
            byte[] body = ProtocolWriter.binding(args.podNamespace(), args.podName(), blank(args.podUid()) ? null : args.podUid(), args.node());
            sent = http.sendAsync(http.newHttpRequestBuilder().uri(url).post("application/json", body)
                    .timeout(kube.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS).build(), String.class);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, error) -> {
            String failure = error != null ? "the API server could not be reached: " + unwrap(error).getMessage()
                    : response.isSuccessful() ? null : "the API server answered " + response.code() + statusMessage(response.body());
            if (failure != null) {
                metrics.dependencyFailure("apiserver");
                metrics.verdicts("bind", "binding-failed", 1);
                LOG.warnf("binding pod %s to node %s failed: %s", pod, args.node(), failure);
                return new ExtenderBindingResult("binding pod " + pod + " to node " + args.node() + " failed: " + failure);
            }
            metrics.verdicts("bind", restored ? "restored-and-bound" : "bound", 1);
            return ExtenderBindingResult.BOUND;
        });
    }

    /** {@code ": <message>"} of a {@code v1} {@code Status} body, or nothing when there is none. */
    private static String statusMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            String message = STATUS.readTree(body).path("message").asText("");
            return message.isEmpty() ? "" : ": " + message;
        } catch (IOException e) {
            return "";
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
