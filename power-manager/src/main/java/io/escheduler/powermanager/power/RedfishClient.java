package io.escheduler.powermanager.power;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The few Redfish requests the driver makes (GET a resource, POST an action) with Basic authentication, as Jackson
 * trees (no reflection). Failures become {@link Failure}s whose message says what the BMC answered, with the
 * Redfish error message where it sent one.
 */
final class RedfishClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;

    RedfishClient(SSLContext tls, Duration requestTimeout) {
        // HTTP/1.1: BMC web servers are small, and an h2c upgrade attempt confuses some of them.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.requestTimeout = requestTimeout;
    }

    /** A request that failed; {@code status} is the HTTP status, or 0 when no answer came. */
    static final class Failure extends Exception {
        final int status;

        Failure(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }
    }

    JsonNode get(URI uri, CredentialsSource.Credentials credentials) throws Failure, InterruptedException {
        HttpResponse<String> response = send(request(uri, credentials).GET().build());
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new Failure(response.statusCode(), "GET " + uri + ": the answer is not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    void post(URI uri, CredentialsSource.Credentials credentials, ObjectNode body) throws Failure, InterruptedException {
        send(request(uri, credentials).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpRequest.Builder request(URI uri, CredentialsSource.Credentials credentials) {
        String basic = Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json")
                .header("OData-Version", "4.0").header("Authorization", "Basic " + basic);
    }

    private HttpResponse<String> send(HttpRequest request) throws Failure, InterruptedException {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new Failure(0, what + ": the BMC did not accept a connection within " + Durations.text(requestTimeout), e);
        } catch (HttpTimeoutException e) {
            throw new Failure(0, what + ": the BMC did not answer within " + Durations.text(requestTimeout), e);
        } catch (ConnectException e) {
            throw new Failure(0, what + ": the BMC is not reachable (" + e + ")", e);
        } catch (SSLException e) {
            throw new Failure(0, what + ": TLS failed (" + rootMessage(e) + "): trust the BMC's CA with ca-bundle, "
                    + "or set insecure=true for a self-signed BMC", e);
        } catch (IOException e) {
            throw new Failure(0, what + ": " + rootMessage(e), e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String detail = redfishMessage(response.body());
        throw new Failure(status, what + ": HTTP " + status + (detail == null ? "" : " (" + detail + ")"), null);
    }

    /** The first {@code @Message.ExtendedInfo} message of a Redfish error body, else its {@code message}, else null. */
    static String redfishMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            JsonNode extended = error.path("@Message.ExtendedInfo").path(0).path("Message");
            if (extended.isTextual()) {
                return extended.asText();
            }
            return error.path("message").isTextual() ? error.path("message").asText() : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
