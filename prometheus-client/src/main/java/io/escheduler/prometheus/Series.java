package io.escheduler.prometheus;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of a query result: its labels and its samples, oldest first. An instant vector's
 * series has one sample; a matrix's (range query, or a range selector in an instant query) has
 * one per step or raw scrape.
 */
public record Series(Map<String, String> labels, List<Sample> samples) {

    public Series {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    /** The series of a {@code vector} or {@code matrix} result; other result types are refused. */
    static List<Series> of(QueryResponse.Data data) {
        if (data == null || data.result() == null || data.result().isNull()) {
            return List.of();
        }
        String type = data.resultType();
        if (!"vector".equals(type) && !"matrix".equals(type)) {
            throw new PrometheusQueryException("expected a vector or matrix result, Prometheus answered a " + type, null);
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode item : data.result()) {
            Map<String, String> labels = new TreeMap<>();
            item.path("metric").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
            List<Sample> samples = new ArrayList<>();
            if (item.has("value")) {
                samples.add(Sample.of(item.get("value")));
            }
            for (JsonNode pair : item.path("values")) {
                samples.add(Sample.of(pair));
            }
            series.add(new Series(labels, samples));
        }
        return series;
    }
}
