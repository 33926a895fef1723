package io.escheduler.analyzer.profiles;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the profiler needs of a run: its nodes and its time span. */
public record RunWindow(long runId, List<String> nodes, Instant start, Instant end) {

    public RunWindow {
        nodes = List.copyOf(nodes);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public double durationSeconds() {
        return duration().toMillis() / 1000.0;
    }
}
