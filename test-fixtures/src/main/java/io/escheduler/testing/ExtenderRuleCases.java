package io.escheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of the scheduler-extender's filter and prioritize rules ({@code extender-rules/cases.json}), run by the
 * extender's tests against its classes and by the simulator's tests against its model of them: one table, so the two
 * cannot drift apart while neither imports the other.
 */
public final class ExtenderRuleCases {

    /** A candidate node as the extender sees it. */
    public record Candidate(String name, String system, boolean throttled) {
    }

    /**
     * One case.
     *
     * @param candidates in request order; null for a node the extender does not know
     * @param ranking    system → highest peak watts, or null for no ranking
     * @param kept       the indexes the filter keeps
     * @param scores     prioritize's scores in candidate order
     */
    public record Case(String description, List<Candidate> candidates, Map<String, Double> ranking, List<Integer> kept, List<Integer> scores) {

        @Override
        public String toString() {
            return description;
        }
    }

    private ExtenderRuleCases() {
    }

    public static List<Case> all() {
        try (InputStream in = ExtenderRuleCases.class.getResourceAsStream("/extender-rules/cases.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                List<Candidate> candidates = new ArrayList<>();
                for (JsonNode n : c.path("candidates")) {
                    candidates.add(n.isNull() ? null : new Candidate(n.path("name").asText(), n.path("system").asText(), n.path("throttled").asBoolean()));
                }
                Map<String, Double> ranking = null;
                if (!c.path("ranking").isNull()) {
                    ranking = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> e : c.path("ranking").properties()) {
                        ranking.put(e.getKey(), e.getValue().asDouble());
                    }
                }
                List<Integer> kept = new ArrayList<>();
                c.path("kept").forEach(k -> kept.add(k.asInt()));
                List<Integer> scores = new ArrayList<>();
                c.path("scores").forEach(s -> scores.add(s.asInt()));
                out.add(new Case(c.path("description").asText(), Collections.unmodifiableList(candidates), ranking, List.copyOf(kept), List.copyOf(scores)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
