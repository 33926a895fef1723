package io.escheduler.analyzer.reports;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Known names closest to mistyped ones, for a 404 that helps: names that extend (or are the start
 * of) what was typed first, then by edit distance (Levenshtein, ignoring case), then by name.
 */
public final class Suggestions {

    /** How many names a 404 suggests at most. */
    public static final int MAX = 10;

    private Suggestions() {
    }

    /** Up to {@link #MAX} known names, closest to any of {@code typed} first. */
    public static List<String> closest(Collection<String> typed, Collection<String> known) {
        record Scored(String name, int prefix, int distance) {
        }
        return known.stream()
                .map(name -> {
                    int prefix = 1;
                    int distance = Integer.MAX_VALUE;
                    String k = name.toLowerCase(Locale.ROOT);
                    for (String t : typed) {
                        String q = t.toLowerCase(Locale.ROOT);
                        if (!q.isEmpty() && (k.startsWith(q) || q.startsWith(k))) {
                            prefix = 0;
                        }
                        distance = Math.min(distance, levenshtein(q, k));
                    }
                    return new Scored(name, prefix, distance);
                })
                .sorted(Comparator.comparingInt(Scored::prefix).thenComparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(MAX)
                .map(Scored::name)
                .toList();
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
