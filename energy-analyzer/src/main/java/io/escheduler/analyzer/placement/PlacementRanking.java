package io.escheduler.analyzer.placement;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code GET /v1/placement}: the candidate systems for a program, best first.
 * <pre>{@code
 * {"program": "lulesh", "strategy": "peak-power", "ranking": [
 *   {"rank": 1, "system": "b", "score": 0.0, "unit": "W", "runs": 0, "reason": "never ran here: counts as 0 W (seed rule)"},
 *   {"rank": 2, "system": "a", "score": 182.5, "unit": "W", "runs": 3, "reason": "highest peak 182.5 W over 3 runs"}]}
 * }</pre>
 */
@RegisterForReflection
public record PlacementRanking(String program, String strategy, List<Entry> ranking) {

    /**
     * One system's place.
     *
     * @param rank   1 for the best system; consecutive, also across equal scores
     * @param score  in {@code unit}; 0 where the program never ran
     * @param runs   complete runs of the program on that system the score is taken over
     * @param reason why the system has this score, for a person
     */
    @RegisterForReflection
    public record Entry(int rank, String system, @JsonSerialize(using = FastDoubleSerializer.class) double score, String unit,
                        long runs, String reason) {
    }
}
