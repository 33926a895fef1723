package io.escheduler.extender.placement;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The energy-analyzer's {@code GET /v1/placement} answer, as far as the extender reads it:
 * {@code {"program", "strategy", "ranking": [{"rank", "system", "score", "unit", "runs", "reason"}]}}, best first.
 * Fields the analyzer may add later are ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlacementAnswer(String program, String strategy, List<RankedSystem> ranking) {

    /** One system: {@code score} in {@code unit} (W for seed 1's peak-power rule, 0 where the program never ran), lower is better. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RankedSystem(int rank, String system, double score, String unit, int runs, String reason) {
    }
}
