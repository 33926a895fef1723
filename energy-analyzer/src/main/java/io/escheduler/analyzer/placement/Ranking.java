package io.escheduler.analyzer.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's placement rule as a pure function: each system scores its strategy's figure over the
 * program's complete runs there, 0 where it never ran; lowest score first. Equal scores are ordered
 * by system name (ascending, by UTF-16 code unit, independent of the database's collation), so the
 * same data always gives the same ranking.
 */
public final class Ranking {

    private static final Comparator<Scored> BY_NAME = (a, b) -> a.runs().system().compareTo(b.runs().system());
    private static final Comparator<Scored> BY_SCORE = (a, b) -> Double.compare(a.score(), b.score());

    private Ranking() {
    }

    private record Scored(SystemRuns runs, double score) {
    }

    /**
     * @param programKnown whether the program has any recorded run at all (changes only the reason)
     * @param limit        at most this many entries (the best ones); 0 or less: all
     */
    public static PlacementRanking rank(String program, boolean programKnown, PlacementStrategy strategy,
                                        List<SystemRuns> systems, int limit) {
        List<Scored> scored = new ArrayList<>(systems.size());
        for (SystemRuns s : systems) {
            scored.add(new Scored(s, score(s, strategy)));
        }
        // By name, then by score with a stable sort: the same order as comparing (score, name), but the
        // first sort is nearly free on input already in name order (Placer's is), and the second compares
        // doubles only (with 1000 systems, string comparisons made sorting a fifth of an answer's CPU).
        scored.sort(BY_NAME);
        scored.sort(BY_SCORE);
        int size = limit > 0 ? Math.min(limit, scored.size()) : scored.size();
        List<PlacementRanking.Entry> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Scored s = scored.get(i);
            entries.add(new PlacementRanking.Entry(i + 1, s.runs().system(), s.score(), strategy.unit(), s.runs().runs(),
                    reason(s.runs(), s.score(), strategy, programKnown)));
        }
        return new PlacementRanking(program, strategy.wireName(), entries);
    }

    static double score(SystemRuns s, PlacementStrategy strategy) {
        if (s.runs() == 0) {
            return 0.0;
        }
        Double value = strategy == PlacementStrategy.PEAK_POWER ? s.peakWatts() : s.meanEnergyJoules();
        return value == null ? 0.0 : value;
    }

    static String reason(SystemRuns s, double score, PlacementStrategy strategy, boolean programKnown) {
        if (s.runs() == 0) {
            return programKnown ? strategy.neverRanHere() : strategy.neverRanAnywhere();
        }
        String over = " over " + s.runs() + (s.runs() == 1 ? " run" : " runs");
        return switch (strategy) {
            case PEAK_POWER -> "highest peak " + format(score) + " W" + over;
            case ENERGY -> "mean energy " + format(score) + " J per run" + over;
        };
    }

    /** A figure for a person: rounded to one decimal, shown only when not 0 (182.5, 200); never exponent notation. */
    static String format(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return tenths % 10 == 0 ? sign + tenths / 10 : sign + tenths / 10 + "." + tenths % 10;
    }
}
