package io.escheduler.powermanager.power;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DMTF Redfish: reads the node's ComputerSystem, does nothing when {@code PowerState} is already the target, else
 * POSTs {@code ComputerSystem.Reset} to the action's {@code target} and polls {@code PowerState} until the target
 * (the way Ironic does). Power-off asks for {@code GracefulShutdown} first and, when that has not finished after
 * the soft-off timeout, {@code ForceOff} (Metal3's soft-then-hard). A {@code ResetType} the System does not list
 * in {@code ResetType@Redfish.AllowableValues} (or its {@code @Redfish.ActionInfo}) is never sent.
 */
final class RedfishDriver implements PowerDriver {

    private static final Logger LOG = Logger.getLogger(RedfishDriver.class);

    static final String SYSTEMS = "/redfish/v1/Systems";
    private static final String RESET = "#ComputerSystem.Reset";

    /**
     * Settings of one group's Redfish driver ({@code <keys>.redfish.*}).
     *
     * @param keys the group's config prefix, for messages
     */
    record Settings(String keys, Optional<String> urlTemplate, Optional<String> systemId, String credentialsSecret,
                    Optional<String> credentialsNamespace, Duration powerOnTimeout, Duration softOffTimeout, boolean forceOff,
                    Duration forceOffTimeout, Duration pollInterval, Duration requestTimeout) {
    }

    private final Settings settings;
    private final RedfishClient client;
    private final CredentialsSource credentials;

    RedfishDriver(Settings settings, SSLContext tls, CredentialsSource credentials) {
        this.settings = settings;
        this.client = new RedfishClient(tls, settings.requestTimeout());
        this.credentials = credentials;
    }

    @Override
    public String describe(Node node) {
        String systems = BmcAddress.of(node, settings.urlTemplate()).map(RedfishDriver::baseUrl).orElse("(no BMC address)") + SYSTEMS;
        return "redfish " + systems + settings.systemId().map(id -> "/" + id).orElse(" (its only member)");
    }

    @Override
    public String cannotPowerOn(Node node) {
        return BmcAddress.of(node, settings.urlTemplate()).isPresent() ? null : BmcAddress.missing(node.getMetadata().getName(),
                settings.keys() + ".redfish.url-template");
    }

    @Override
    public String cannotPowerOff(Node node) {
        return cannotPowerOn(node);
    }

    @Override
    public void powerOn(Node node) throws PowerDriverException {
        Call call = new Call(PowerAction.ON, node);
        ComputerSystem system = call.system();
        if ("On".equals(system.powerState())) {
            LOG.debugf("node %s: PowerState already On", call.node);
            return;
        }
        call.requireAllowed(system, "On");
        call.reset(system, "On");
        call.await(system, "On", settings.powerOnTimeout(), "power-on-timeout");
    }

    @Override
    public void powerOff(Node node) throws PowerDriverException {
        Call call = new Call(PowerAction.OFF, node);
        ComputerSystem system = call.system();
        if ("Off".equals(system.powerState())) {
            LOG.debugf("node %s: PowerState already Off", call.node);
            return;
        }
        boolean graceful = system.allows("GracefulShutdown");
        boolean force = settings.forceOff() && system.allows("ForceOff");
        if (!graceful && !force) {
            throw call.fail("the System offers neither GracefulShutdown nor " + (settings.forceOff() ? "ForceOff" : "ForceOff with "
                    + settings.keys() + ".redfish.force-off=true") + " (ResetType allowed: " + system.allowed() + ")");
        }
        if (graceful) {
            call.reset(system, "GracefulShutdown");
            String state = call.waitFor(system, "Off", settings.softOffTimeout());
            if (state == null) {
                return;
            }
            if (!force) {
                throw call.fail("PowerState still " + state + " " + Durations.text(settings.softOffTimeout()) + " after GracefulShutdown ("
                        + settings.keys() + ".redfish.soft-off-timeout)" + (settings.forceOff()
                        ? "; the System does not allow ForceOff (allowed: " + system.allowed() + ")"
                        : "; ForceOff is disabled (" + settings.keys() + ".redfish.force-off=false)"));
            }
            LOG.warnf("node %s: PowerState still %s %s after GracefulShutdown: sending ForceOff", call.node, state,
                    Durations.text(settings.softOffTimeout()));
        }
        call.reset(system, "ForceOff");
        call.await(system, "Off", settings.forceOffTimeout(), "force-off-timeout");
    }

    /** A BMC address as a base URL: https:// unless it names its scheme, without a trailing slash or {@code /redfish/v1}. */
    static String baseUrl(String address) {
        String url = address.contains("://") ? address : "https://" + address;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.endsWith("/redfish/v1") ? url.substring(0, url.length() - "/redfish/v1".length()) : url;
    }

    /**
     * What the driver needs of a ComputerSystem.
     *
     * @param allowed the ResetTypes it lists; null when it lists none (then any is tried)
     */
    private record ComputerSystem(URI uri, String powerState, URI resetTarget, Set<String> allowed) {
        boolean allows(String resetType) {
            return allowed == null || allowed.contains(resetType);
        }
    }

    /** One power-on or power-off of one node: its BMC, credentials and what to say when it fails. */
    private final class Call {
        final PowerAction action;
        final String node;
        final String driver;
        final URI base;
        final CredentialsSource.Credentials login;
        final String secret;

        Call(PowerAction action, Node node) throws PowerDriverException {
            this.action = action;
            this.node = node.getMetadata().getName();
            this.driver = describe(node);
            Optional<String> address = BmcAddress.of(node, settings.urlTemplate());
            if (address.isEmpty()) {
                throw fail(BmcAddress.missing(this.node, settings.keys() + ".redfish.url-template"));
            }
            try {
                this.base = URI.create(baseUrl(address.get()) + "/");
                if (base.getHost() == null || !(base.getScheme().equals("https") || base.getScheme().equals("http"))) {
                    throw new IllegalArgumentException("not an http(s) URL with a host");
                }
            } catch (IllegalArgumentException e) {
                throw fail("BMC address " + address.get() + " is not usable (" + e.getMessage() + "): fix the annotation "
                        + BmcAddress.ANNOTATION + " or " + settings.keys() + ".redfish.url-template");
            }
            String namespace = settings.credentialsNamespace().orElse(null);
            this.secret = (namespace == null ? "" : namespace + "/") + settings.credentialsSecret();
            try {
                this.login = credentials.read(namespace, settings.credentialsSecret());
            } catch (CredentialsSource.Unavailable e) {
                throw fail(e.getMessage() + " (" + settings.keys() + ".redfish.credentials-secret)", e);
            }
        }

        PowerDriverException fail(String problem) {
            return action.failure(node, driver, problem);
        }

        PowerDriverException fail(String problem, Throwable cause) {
            return action.failure(node, driver, problem, cause);
        }

        ComputerSystem system() throws PowerDriverException {
            String path = settings.systemId().map(id -> SYSTEMS + "/" + id).orElse(null);
            if (path == null) {
                path = onlyMember();
            }
            URI uri = base.resolve(path);
            JsonNode system = get(uri);
            JsonNode state = system.path("PowerState");
            if (!state.isTextual()) {
                throw fail(uri + " has no PowerState: is it a ComputerSystem? (" + settings.keys() + ".redfish.system-id)");
            }
            JsonNode reset = system.path("Actions").path(RESET);
            String target = reset.path("target").asText(uri.getPath() + "/Actions/ComputerSystem.Reset");
            return new ComputerSystem(uri, state.asText(), base.resolve(target), allowed(reset));
        }

        private String onlyMember() throws PowerDriverException {
            URI uri = base.resolve(SYSTEMS);
            JsonNode members = get(uri).path("Members");
            List<String> paths = new ArrayList<>();
            members.forEach(m -> paths.add(m.path("@odata.id").asText()));
            if (paths.size() == 1 && !paths.get(0).isEmpty()) {
                return paths.get(0);
            }
            if (paths.isEmpty()) {
                throw fail(uri + " lists no System");
            }
            List<String> ids = paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
            throw fail(uri + " lists " + paths.size() + " Systems " + ids + ": set " + settings.keys()
                    + ".redfish.system-id to the node's (or give the node its own group)");
        }

        /** The ResetTypes listed inline or in the action's {@code @Redfish.ActionInfo}; null when neither lists any. */
        private Set<String> allowed(JsonNode reset) throws PowerDriverException {
            JsonNode values = reset.path("ResetType@Redfish.AllowableValues");
            if (!values.isArray() && reset.path("@Redfish.ActionInfo").isTextual()) {
                JsonNode info = get(base.resolve(reset.path("@Redfish.ActionInfo").asText()));
                for (JsonNode parameter : info.path("Parameters")) {
                    if ("ResetType".equals(parameter.path("Name").asText())) {
                        values = parameter.path("AllowableValues");
                    }
                }
            }
            if (!values.isArray()) {
                return null;
            }
            Set<String> allowed = new LinkedHashSet<>();
            values.forEach(v -> allowed.add(v.asText()));
            return allowed;
        }

        void requireAllowed(ComputerSystem system, String resetType) throws PowerDriverException {
            if (!system.allows(resetType)) {
                throw fail("the System does not allow ResetType " + resetType + " (allowed: " + system.allowed() + ")");
            }
        }

        void reset(ComputerSystem system, String resetType) throws PowerDriverException {
            LOG.infof("node %s: POST %s ResetType %s (PowerState %s)", node, system.resetTarget(), resetType, system.powerState());
            try {
                client.post(system.resetTarget(), login, RedfishClient.object().put("ResetType", resetType));
            } catch (RedfishClient.Failure e) {
                throw fail(explain(e), e);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        /** Polls until {@code PowerState} is {@code target}; null when it is, else the last state seen. */
        String waitFor(ComputerSystem system, String target, Duration timeout) throws PowerDriverException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = system.powerState();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return last;
                }
                sleep(Math.min(left, settings.pollInterval().toNanos()));
                try {
                    last = client.get(system.uri(), login).path("PowerState").asText("(none)");
                } catch (RedfishClient.Failure e) {
                    if (e.status >= 400 && e.status < 500) {
                        throw fail(explain(e), e);
                    }
                    // a BMC busy resetting may time out or answer 5xx for a while: keep polling until the deadline
                    LOG.debugf("node %s: %s", node, e.getMessage());
                    last = "unknown (" + e.getMessage() + ")";
                    continue;
                } catch (InterruptedException e) {
                    throw interrupted(e);
                }
                if (target.equals(last)) {
                    return null;
                }
            }
        }

        void await(ComputerSystem system, String target, Duration timeout, String key) throws PowerDriverException {
            String state = waitFor(system, target, timeout);
            if (state != null) {
                throw fail("PowerState still " + state + " " + Durations.text(timeout) + " after the reset, not " + target
                        + " (" + settings.keys() + ".redfish." + key + "); look at the BMC's event log");
            }
        }

        private JsonNode get(URI uri) throws PowerDriverException {
            try {
                return client.get(uri, login);
            } catch (RedfishClient.Failure e) {
                throw fail(explain(e), e);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        private String explain(RedfishClient.Failure e) {
            if (e.status == 401 || e.status == 403) {
                return e.getMessage() + ": the BMC refused user " + login.username() + "; check username and password in Secret "
                        + secret + " (" + settings.keys() + ".redfish.credentials-secret)";
            }
            if (e.status == 404) {
                return e.getMessage() + ": no such resource on this BMC (" + settings.keys() + ".redfish.system-id, url-template)";
            }
            return e.getMessage();
        }

        private void sleep(long nanos) throws PowerDriverException {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        private PowerDriverException interrupted(InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted (power-manager is stopping); the BMC may still carry out a reset already sent", e);
        }
    }
}
