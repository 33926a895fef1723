package io.escheduler.simulator.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus' HTTP API, range queries only ({@code GET /api/v1/query_range}): each answer's {@code matrix} as series of
 * labels and (seconds, value) samples. An error names the query and what Prometheus said.
 */
final class PrometheusApi {

    /** One series of a range query. */
    record Series(Map<String, String> labels, double[] times, double[] values) {

        String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    PrometheusApi(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    List<Series> range(String query, Instant start, Instant end, Duration step) throws IOException {
        String url = base + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException("Prometheus at " + base + " does not answer: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("Prometheus at " + base + " answered " + response.statusCode() + " with something that is not its API's JSON");
        }
        if (response.statusCode() != 200 || !"success".equals(root.path("status").asText())) {
            throw new IOException("Prometheus refused the query " + query + ": " + root.path("error").asText("HTTP " + response.statusCode()));
        }
        List<Series> out = new ArrayList<>();
        for (JsonNode s : root.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode values = s.path("values");
            double[] t = new double[values.size()];
            double[] v = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                t[i] = values.get(i).get(0).asDouble();
                v[i] = Double.parseDouble(values.get(i).get(1).asText());
            }
            out.add(new Series(labels, t, v));
        }
        return out;
    }
}
