package io.escheduler.prometheus;

import java.time.Duration;

/**
 * The range of a {@code rate()} over the exporters' counters: the step its results are taken at, but at least two
 * scrape intervals (how often Prometheus scrapes the exporters, a setting of each service), because {@code rate()}
 * needs two samples in its window and gives nothing with one. The analyzer's run profiles and power-manager's node
 * metrics use the same rule.
 */
public final class RateWindow {

    /** Scrape intervals a rate window spans at least. */
    public static final int MIN_SCRAPES = 2;

    private RateWindow() {
    }

    /** {@code step}, or two scrape intervals when that is longer. */
    public static Duration of(Duration step, Duration scrapeInterval) {
        Duration least = scrapeInterval.multipliedBy(MIN_SCRAPES);
        return step.compareTo(least) >= 0 ? step : least;
    }

    /**
     * The window of a {@code rate()} evaluated now, for figures of the present ({@link #of} at the scrape interval)
     * plus one scrape interval: Prometheus stamps a sample with its scrape's start but stores it only when the scrape
     * is done, so a window ending now may hold one stored sample fewer than its span promises (and nothing at all
     * while the newest scrape is in flight, were it only two intervals long).
     */
    public static Duration live(Duration scrapeInterval) {
        return of(scrapeInterval, scrapeInterval).plus(scrapeInterval);
    }
}
