package io.escheduler.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.UnknownHostException;

/** Turns Prometheus' error answers into {@link PrometheusQueryException} or {@link PrometheusUnavailableException}. */
final class PrometheusErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 300;

    private PrometheusErrors() {
    }

    /** An error status and its body ({@code {"status":"error","errorType":"bad_data","error":"..."}} or anything else). */
    static PrometheusException fromStatus(int status, String body) {
        String reason = reason(body);
        if (status == 400 || status == 422) {
            return new PrometheusQueryException("Prometheus refused the query (HTTP " + status + "): " + reason, null);
        }
        return new PrometheusUnavailableException("Prometheus answered HTTP " + status + ": " + reason, null);
    }

    /** {@code errorType: error} from Prometheus' JSON, else the start of the body. */
    static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return json.path("errorType").asText("error") + ": " + json.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: a proxy's page, say
        }
        String text = body.strip();
        return text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "..." : text;
    }

    /** The innermost message of a failure, e.g. "Connection refused: /127.0.0.1:9090" or "unknown host prometheus". */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        return root instanceof UnknownHostException ? "unknown host " + message : message;
    }
}
