package io.escheduler.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.escheduler.testing.Http;
import io.escheduler.testing.LoadDriver;
import io.escheduler.testing.Sleep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Registers the scenario's runs through {@code POST /v1/runs}, as a Slurm epilog would (with the token the analyzer takes for writes), and waits until the analyzer has profiled them. */
final class RunRecorder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String analyzer;
    private final String token;
    private final LoadDriver load;

    RunRecorder(String analyzer, String token, LoadDriver load) {
        this.analyzer = analyzer;
        this.token = token;
        this.load = load;
    }

    /** The request body of {@code run}: its program and system, within its phase (the margins keep the rate windows inside it). */
    ObjectNode body(Scenario.Run run) {
        Instant start = load.phaseStart(run.phase()).plus(Scenario.RUN_START_MARGIN);
        Instant end = load.phaseStart(run.phase() + 1).minus(Scenario.RUN_END_MARGIN);
        return JSON.createObjectNode().put("program", run.program()).put("system", run.system())
                .put("start", start.toString()).put("end", end.toString())
                .put("id", "demo-" + run.program() + "-" + run.system() + "-" + run.phase());
    }

    void record(List<Scenario.Run> runs, Duration timeout) {
        List<Long> ids = new ArrayList<>();
        for (Scenario.Run run : runs) {
            String body = body(run).toString();
            Http.Response response = Http.send("POST", analyzer + "/v1/runs", token, body);
            if (response.status() != 201) {
                throw new IllegalStateException("POST /v1/runs " + body + " answered " + response.status() + ": " + response.body());
            }
            ids.add(json(response.body()).path("id").asLong());
        }
        Instant deadline = Instant.now().plus(timeout);
        for (long id : ids) {
            JsonNode view = json(Http.get(analyzer + "/v1/runs/" + id, "application/json").body());
            while (!"complete".equalsIgnoreCase(view.path("status").asText())) {
                if ("failed".equalsIgnoreCase(view.path("status").asText()) || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("run " + id + " was not profiled: " + view);
                }
                Sleep.until(Instant.now().plusMillis(500));
                view = json(Http.get(analyzer + "/v1/runs/" + id, "application/json").body());
            }
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
