package io.escheduler.analyzer.placement;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a system's score is for a program, over that program's complete runs there. The lowest
 * score wins; a system where the program never ran scores 0 (seed 1: "counts as energy
 * consumption 0").
 */
public enum PlacementStrategy {

    /** The seed's rule and the default: the highest run peak power seen there, in watts. */
    PEAK_POWER("peak-power", "W"),

    /** Mean energy per run there, in joules. */
    ENERGY("energy", "J");

    private final String wireName;
    private final String unit;
    private final String neverRanHere;
    private final String neverRanAnywhere;

    PlacementStrategy(String wireName, String unit) {
        this.wireName = wireName;
        this.unit = unit;
        this.neverRanHere = "never ran here: counts as 0 " + unit + " (seed rule)";
        this.neverRanAnywhere = "the program never ran on any system: counts as 0 " + unit + " (seed rule)";
    }

    /** The name in {@code ?strategy=} and in the answer. */
    public String wireName() {
        return wireName;
    }

    /** Unit of the score. */
    public String unit() {
        return unit;
    }

    /** Reason of a system where the program has no complete run, though it has elsewhere. */
    String neverRanHere() {
        return neverRanHere;
    }

    /** Reason of every system when the program has no recorded run at all. */
    String neverRanAnywhere() {
        return neverRanAnywhere;
    }

    public static Optional<PlacementStrategy> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(PlacementStrategy::wireName).toList();
    }
}
