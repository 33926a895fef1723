package io.escheduler.prometheus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/** Text for PromQL queries and API parameters: label matchers that match exactly, durations and times. */
public final class PromQL {

    /** Characters RE2 (Prometheus' regex engine) gives a meaning to. */
    private static final String REGEX_META = "\\.+*?()|[]{}^$";

    private PromQL() {
    }

    /**
     * A quoted string for a {@code =~} matcher that matches exactly one of {@code values}
     * (Prometheus anchors label regexes at both ends): {@code ["n1.a", "n2"]} becomes the PromQL
     * literal {@code "n1\\.a|n2"}. Node names may hold dots and any other character.
     */
    public static String anyOf(Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a matcher needs at least one value");
        }
        return quote(values.stream().sorted().distinct().map(PromQL::regexLiteral).collect(Collectors.joining("|")));
    }

    /** {@code value} with every RE2 metacharacter escaped. */
    static String regexLiteral(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if (REGEX_META.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A double-quoted PromQL string literal holding {@code value} exactly. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A PromQL duration for range selectors, in whole milliseconds (at least 1 ms): {@code 2500ms}. */
    public static String duration(Duration duration) {
        return Math.max(1, duration.toMillis()) + "ms";
    }

    /** An API time parameter: Unix seconds with millisecond precision, {@code 1732520000.123}. */
    public static String time(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3).toPlainString();
    }

    /** An API step parameter: seconds with millisecond precision, {@code 1.5}. */
    public static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
