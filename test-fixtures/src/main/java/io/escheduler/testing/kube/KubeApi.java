package io.escheduler.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubernetes REST API of a {@link KubeControlPlane}, as one identity (a bearer token): plain HTTPS with JSON, the
 * objects as {@link JsonNode}s in the API server's own shape. Paths are the API's ({@code api/v1/nodes/n1},
 * {@code apis/policy/v1/namespaces/default/poddisruptionbudgets}); {@link #apply} takes any manifest and finds each
 * kind's resource through the API server's discovery, so the manifests under {@code kubernetes/} go in unchanged.
 */
public final class KubeApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD_MANAGER = "escheduler-tests";

    private final String baseUrl;
    private final String token;
    private final HttpClient client;
    private final Map<String, Map<String, Resource>> discovery;

    /** A kind's resource: its plural name and whether it lives in a namespace. */
    record Resource(String plural, boolean namespaced) {
    }

    KubeApi(String baseUrl, String token, SSLContext tls, Map<String, Map<String, Resource>> sharedDiscovery) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.token = token;
        // HTTP/1.1: the API server ends HTTP/2 connections with GOAWAY now and then, which the JDK's client reports as a
        // failed request instead of retrying it
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.discovery = sharedDiscovery;
    }

    /** The same API server as another identity. */
    public KubeApi as(String otherToken) {
        return new KubeApi(baseUrl, otherToken, client.sslContext(), discovery);
    }

    /** An answer of the API server: its status and body (a Status object for errors). */
    public record Response(int status, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        /** Throws unless the call succeeded, naming {@code what}. */
        public Response orThrow(String what) {
            if (!ok()) {
                throw new KubeApiException(what, status, body);
            }
            return this;
        }
    }

    /** A call the API server refused, with its status and Status body. */
    public static final class KubeApiException extends RuntimeException {
        private final int status;

        KubeApiException(String what, int status, String body) {
            super(what + " answered HTTP " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public Response request(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode get(String path) {
        return request("GET", path, null, null).orThrow("GET " + path).json();
    }

    /** Whether the object at {@code path} exists. */
    public boolean exists(String path) {
        Response response = request("GET", path, null, null);
        if (response.status() == 404) {
            return false;
        }
        response.orThrow("GET " + path);
        return true;
    }

    /** The items of a list, e.g. {@code api/v1/namespaces/default/pods?labelSelector=app%3Dweb}. */
    public List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        get(path).path("items").forEach(items::add);
        return items;
    }

    public Response create(String collectionPath, JsonNode object) {
        return request("POST", collectionPath, "application/json", object.toString());
    }

    /** A JSON merge patch ({@code application/merge-patch+json}). */
    public Response mergePatch(String path, JsonNode patch) {
        return request("PATCH", path, "application/merge-patch+json", patch.toString());
    }

    /** A strategic merge patch, e.g. to change one container of a list by its name. */
    public Response strategicPatch(String path, JsonNode patch) {
        return request("PATCH", path, "application/strategic-merge-patch+json", patch.toString());
    }

    public Response delete(String path) {
        return request("DELETE", path, null, null);
    }

    /** Deletes without waiting for a grace period (the harness's pods have no kubelet to confirm it). */
    public Response deleteNow(String path) {
        return request("DELETE", path, "application/json", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0}");
    }

    /**
     * Server-side apply of every object in {@code yaml} (one or more documents, e.g. a manifest file of
     * {@code kubernetes/}); the objects as the API server holds them afterwards.
     */
    public List<JsonNode> apply(String yaml) {
        List<JsonNode> applied = new ArrayList<>();
        for (JsonNode object : objects(yaml)) {
            applied.add(apply(object));
        }
        return applied;
    }

    /** The objects of a YAML stream (empty documents skipped), as JSON. */
    public static List<JsonNode> objects(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                objects.add(JSON.valueToTree(document));
            }
        }
        return objects;
    }

    /** Server-side apply of one object: created when absent, changed to match when present. */
    public JsonNode apply(JsonNode object) {
        String path = pathOf(object);
        return request("PATCH", path + "?fieldManager=" + FIELD_MANAGER + "&force=true", "application/apply-patch+yaml",
                object.toString()).orThrow("apply " + path).json();
    }

    /** The REST path of {@code object} (its kind found through discovery). */
    public String pathOf(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Resource resource = resource(apiVersion, kind);
        JsonNode metadata = object.path("metadata");
        String prefix = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
        String namespace = metadata.path("namespace").asText("default");
        return prefix + (resource.namespaced() ? "/namespaces/" + namespace : "") + "/" + resource.plural() + "/"
                + metadata.path("name").asText();
    }

    private Resource resource(String apiVersion, String kind) {
        Map<String, Resource> kinds = discovery.computeIfAbsent(apiVersion, version -> {
            Map<String, Resource> found = new ConcurrentHashMap<>();
            String path = version.contains("/") ? "apis/" + version : "api/" + version;
            for (JsonNode resource : get(path).path("resources")) {
                String name = resource.path("name").asText();
                if (!name.contains("/")) {
                    found.put(resource.path("kind").asText(), new Resource(name, resource.path("namespaced").asBoolean()));
                }
            }
            return found;
        });
        Resource resource = kinds.get(kind);
        if (resource == null) {
            throw new IllegalArgumentException("the API server serves no kind " + kind + " in " + apiVersion);
        }
        return resource;
    }

    /** {@code value} encoded for a query string (selectors). */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A fresh JSON object, to build objects and patches. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
