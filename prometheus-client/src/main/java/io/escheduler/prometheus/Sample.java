package io.escheduler.prometheus;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One point of a series: Prometheus sends {@code [1732520000.123, "42.5"]}, the time in Unix
 * seconds (millisecond precision) and the value as a string ({@code "NaN"}, {@code "+Inf"} and
 * {@code "-Inf"} included).
 */
public record Sample(Instant time, double value) {

    static Sample of(JsonNode pair) {
        if (pair == null || !pair.isArray() || pair.size() != 2) {
            throw new PrometheusQueryException("malformed sample in Prometheus' answer: " + pair, null);
        }
        long millis = new BigDecimal(pair.get(0).asText()).movePointRight(3).longValue();
        return new Sample(Instant.ofEpochMilli(millis), value(pair.get(1).asText()));
    }

    static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** Seconds since the epoch, with the fraction. */
    public double epochSeconds() {
        return time.toEpochMilli() / 1000.0;
    }
}
