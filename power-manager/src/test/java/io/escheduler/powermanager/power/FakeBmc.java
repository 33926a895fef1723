package io.escheduler.powermanager.power;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A BMC speaking enough Redfish for the driver: the Systems collection, ComputerSystems with {@code PowerState} and
 * {@code Actions.#ComputerSystem.Reset} (target and, unless told otherwise, {@code ResetType@Redfish.AllowableValues}),
 * an optional {@code @Redfish.ActionInfo}, and the Reset action, which changes {@code PowerState} after a delay the
 * way a real server takes time to boot. Basic authentication against one user; 401 with a Redfish error otherwise.
 */
final class FakeBmc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One ComputerSystem; mutable by the tests. */
    static final class SystemState {
        volatile String powerState;
        volatile List<String> allowed = List.of("On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart");
        /** Serve the allowed values through an ActionInfo resource instead of inline. */
        volatile boolean actionInfo;
        /** The OS ignores the ACPI shutdown request (GracefulShutdown accepted, nothing happens). */
        volatile boolean ignoresGracefulShutdown;
        /** Accepts every reset and never changes PowerState. */
        volatile boolean stuck;

        SystemState(String powerState) {
            this.powerState = powerState;
        }
    }

    final Map<String, SystemState> systems = new ConcurrentHashMap<>();
    /** Every Reset received: "<system> <ResetType>". */
    final List<String> resets = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile String username = "admin";
    volatile String password = "s3cret";
    /** Time between a Reset and its PowerState change. */
    volatile long delayMillis = 100;

    private final HttpServer server;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    private FakeBmc(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeBmc http() throws IOException {
        return new FakeBmc(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeBmc https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeBmc(server);
    }

    FakeBmc with(String id, SystemState system) {
        systems.put(id, system);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        clock.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, error("Base.1.8.NoValidSession", "There is no valid session established with the implementation."));
                return;
            }
            String[] parts = path.split("/"); // "", redfish, v1, Systems, id, ...
            if (exchange.getRequestMethod().equals("GET") && path.equals("/redfish/v1/Systems")) {
                send(exchange, 200, collection());
            } else if (parts.length == 5 && parts[3].equals("Systems") && systems.containsKey(parts[4]) && exchange.getRequestMethod().equals("GET")) {
                send(exchange, 200, system(parts[4]));
            } else if (parts.length == 6 && parts[5].equals("ResetActionInfo") && systems.containsKey(parts[4])) {
                send(exchange, 200, actionInfo(systems.get(parts[4])));
            } else if (parts.length == 6 && parts[5].equals("Reset") && systems.containsKey(parts[4]) && exchange.getRequestMethod().equals("POST")) {
                reset(exchange, parts[4]);
            } else {
                send(exchange, 404, error("Base.1.8.ResourceMissingAtURI", "The resource at the URI " + path + " was not found."));
            }
        } finally {
            exchange.close();
        }
    }

    private boolean authorized(String header) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    private ObjectNode collection() {
        ObjectNode root = JSON.createObjectNode().put("@odata.id", "/redfish/v1/Systems").put("Name", "Computer System Collection");
        ArrayNode members = root.putArray("Members");
        systems.keySet().stream().sorted().forEach(id -> members.addObject().put("@odata.id", "/redfish/v1/Systems/" + id));
        root.put("Members@odata.count", systems.size());
        return root;
    }

    private ObjectNode system(String id) {
        SystemState state = systems.get(id);
        ObjectNode root = JSON.createObjectNode().put("@odata.id", "/redfish/v1/Systems/" + id).put("Id", id).put("PowerState", state.powerState);
        // a target that is not the default path: the driver must use the one given
        ObjectNode reset = root.putObject("Actions").putObject("#ComputerSystem.Reset").put("target", "/redfish/v1/Systems/" + id + "/Reset");
        if (state.actionInfo) {
            reset.put("@Redfish.ActionInfo", "/redfish/v1/Systems/" + id + "/ResetActionInfo");
        } else if (state.allowed != null) {
            ArrayNode values = reset.putArray("ResetType@Redfish.AllowableValues");
            state.allowed.forEach(values::add);
        }
        return root;
    }

    private ObjectNode actionInfo(SystemState state) {
        ObjectNode root = JSON.createObjectNode().put("Id", "ResetActionInfo");
        ObjectNode parameter = root.putArray("Parameters").addObject().put("Name", "ResetType").put("Required", true);
        ArrayNode values = parameter.putArray("AllowableValues");
        state.allowed.forEach(values::add);
        return root;
    }

    private void reset(HttpExchange exchange, String id) throws IOException {
        SystemState state = systems.get(id);
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String type = body.path("ResetType").asText();
        resets.add(id + " " + type);
        if (state.allowed != null && !state.allowed.contains(type)) {
            send(exchange, 400, error("Base.1.8.ActionParameterValueNotInList",
                    "The value '" + type + "' for the parameter ResetType is not in the list of acceptable values."));
            return;
        }
        String target = switch (type) {
            case "On", "ForceOn" -> "On";
            case "ForceOff" -> "Off";
            case "GracefulShutdown" -> state.ignoresGracefulShutdown ? null : "Off";
            default -> null;
        };
        if (target != null && !state.stuck) {
            state.powerState = target.equals("On") ? "PoweringOn" : "PoweringOff";
            clock.schedule(() -> {
                state.powerState = target;
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static ObjectNode error(String id, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", id).put("message", "A general error has occurred. See ExtendedInfo for more information.");
        error.putArray("@Message.ExtendedInfo").addObject().put("MessageId", id).put("Message", message);
        return root;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    List<String> resetsOf(String id) {
        List<String> types = new ArrayList<>();
        resets.stream().filter(r -> r.startsWith(id + " ")).forEach(r -> types.add(r.substring(id.length() + 1)));
        return types;
    }
}
