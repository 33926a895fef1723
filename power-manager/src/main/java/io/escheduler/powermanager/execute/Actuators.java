package io.escheduler.powermanager.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.policies.execute.NodeActuators;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.powermanager.engine.LiveCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The policies' way to a node's CPU ceiling and power limit: its node-actuator, found by {@code pods} discovery (the
 * actuator pod on the node, at its pod IP) or a URL template, authenticated with power-manager's service-account token
 * (the actuator's TokenReview allow-list must name power-manager's service account). The actuator reads back every
 * write and rolls back a failed one; a 2xx answer is therefore a confirmed change.
 *
 * <p>Power limits: plans give a node's limit in watts; the actuator takes a limit per package, so the node's limit
 * is shared equally among the packages the actuator reports.
 */
public final class Actuators implements NodeActuators {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PowerManagerConfig.Actuator config;
    private final LiveCluster cluster;
    private final Map<String, String> selector;

    public Actuators(PowerManagerConfig.Actuator config, LiveCluster cluster) {
        this.config = config;
        this.cluster = cluster;
        this.selector = parseSelector(config.selector());
    }

    /** {@code PUT /v1/cpufreq {"ceiling": "min" | kHz}} on every CPU. */
    @Override
    public void setCeiling(String node, String value) throws ActuatorException {
        ObjectNode body = MAPPER.createObjectNode();
        if ("min".equals(value) || "max".equals(value)) {
            body.put("ceiling", value);
        } else {
            try {
                body.put("ceiling", Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new ActuatorException("CPU ceiling '" + value + "' for node " + node + " is neither min, max nor kHz");
            }
        }
        call(node, "PUT /v1/cpufreq", (api, auth) -> api.cpufreq(auth, body));
    }

    /**
     * Puts every CPU's ceiling and governor back to the actuator's baseline (not to the hardware maximum, which may be
     * above what the node ran with): one {@code PUT /v1/cpufreq} per distinct baseline setting.
     */
    @Override
    public void restoreCeiling(String node) throws ActuatorException {
        JsonNode state = call(node, "GET /v1/state", ActuatorApi::state);
        Map<String, List<Integer>> cpusBySetting = new LinkedHashMap<>();
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        state.path("baseline").path("cpus").fields().forEachRemaining(cpu -> {
            String key = cpu.getValue().path("ceilingKhz").asText() + "/" + cpu.getValue().path("governor").asText();
            cpusBySetting.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(cpu.getKey()));
            settings.put(key, cpu.getValue());
        });
        if (cpusBySetting.isEmpty()) {
            throw new ActuatorException("node-actuator of " + node + " reports no baseline CPU settings (GET /v1/state baseline.cpus)");
        }
        for (Map.Entry<String, List<Integer>> group : cpusBySetting.entrySet()) {
            JsonNode setting = settings.get(group.getKey());
            ObjectNode body = MAPPER.createObjectNode().put("ceiling", setting.path("ceilingKhz").asLong());
            if (setting.hasNonNull("governor")) {
                body.put("governor", setting.path("governor").asText());
            }
            ArrayNode cpus = body.putArray("cpus");
            group.getValue().forEach(cpus::add);
            call(node, "PUT /v1/cpufreq", (api, auth) -> api.cpufreq(auth, body));
        }
    }

    /** The node's power limited to {@code nodeWatts}, shared equally by its packages ({@code PUT /v1/power-limit}). */
    @Override
    public void setPowerLimit(String node, String nodeWatts) throws ActuatorException {
        double watts;
        try {
            watts = Double.parseDouble(nodeWatts);
        } catch (NumberFormatException e) {
            throw new ActuatorException("power limit '" + nodeWatts + "' for node " + node + " is not a number of watts");
        }
        JsonNode state = call(node, "GET /v1/state", ActuatorApi::state);
        JsonNode limits = state.path("powerLimits");
        int packages = limits.path("packages").size();
        if (packages == 0) {
            throw new ActuatorException("node " + node + " has no power-limit control: "
                    + limits.path("unavailable").asText("the actuator reports no package"));
        }
        ObjectNode body = MAPPER.createObjectNode().put("watts", Math.floor(watts / packages * 1000) / 1000);
        call(node, "PUT /v1/power-limit", (api, auth) -> api.powerLimit(auth, body));
    }

    /** Every package's limits back to the baseline ({@code DELETE /v1/power-limit}). */
    @Override
    public void liftPowerLimit(String node) throws ActuatorException {
        call(node, "DELETE /v1/power-limit", ActuatorApi::liftPowerLimit);
    }

    /** Base URL of {@code node}'s actuator, if one is known. */
    Optional<String> baseUrl(String node) {
        if (config.discovery() == PowerManagerConfig.ActuatorDiscovery.URL_TEMPLATE) {
            return Optional.of(config.urlTemplate().replace("{node}", node));
        }
        for (Pod pod : cluster.pods(config.namespace(), selector)) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (node.equals(pod.getSpec().getNodeName()) && ip != null && !ip.isEmpty() && "Running".equals(pod.getStatus().getPhase())) {
                return Optional.of("http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + config.port());
            }
        }
        return Optional.empty();
    }

    private interface Request {
        JsonNode send(ActuatorApi api, String authorization);
    }

    private JsonNode call(String node, String what, Request request) throws ActuatorException {
        String url = baseUrl(node).orElseThrow(() -> new ActuatorException("no running node-actuator pod with an IP on node " + node
                + " (pods " + config.selector() + " in namespace " + config.namespace() + ")"));
        String bearer;
        try {
            String token = Files.readString(config.tokenFile(), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException("it is empty");
            }
            bearer = "Bearer " + token;
        } catch (IOException e) {
            throw new ActuatorException("cannot read the token for node-actuators from " + config.tokenFile() + ": " + e.getMessage()
                    + " (power-manager.actuator.token-file)");
        }
        long timeout = config.timeout().toMillis();
        ActuatorApi api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(timeout, TimeUnit.MILLISECONDS).readTimeout(timeout, TimeUnit.MILLISECONDS).build(ActuatorApi.class);
        try {
            JsonNode answer = request.send(api, bearer);
            return answer == null ? MAPPER.createObjectNode() : answer;
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            throw new ActuatorException("node-actuator at " + url + " refused " + what + ": HTTP " + status + body(e));
        } catch (ProcessingException e) {
            throw new ActuatorException("node-actuator at " + url + " was unreachable or did not answer " + what + " within "
                    + timeout + " ms: " + rootMessage(e));
        } finally {
            if (api instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // a client per call: nothing later depends on this one's resources
                }
            }
        }
    }

    static Map<String, String> parseSelector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : selector.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("power-manager.actuator.selector: '" + part.strip()
                        + "' is not key=value (labels of the node-actuator pods, comma-separated)");
            }
            labels.put(kv[0].strip(), kv[1].strip());
        }
        return labels;
    }

    private static String body(WebApplicationException e) {
        try {
            String body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
            return body == null || body.isBlank() ? "" : " " + body.strip();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
