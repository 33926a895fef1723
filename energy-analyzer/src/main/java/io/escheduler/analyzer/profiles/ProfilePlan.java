package io.escheduler.analyzer.profiles;

import io.escheduler.prometheus.RateWindow;

import java.time.Duration;

/**
 * How finely a run is looked at, from its duration and two settings:
 * <ul>
 *   <li>{@code step}, the spacing of the power curve's samples: the configured step
 *       ({@code energy-analyzer.profiles.step}), but at most a tenth of the run so that a short run
 *       still gets about ten samples; never below the scrape interval (a finer step only repeats
 *       scrapes), and coarse enough that the curve stays under {@link #MAX_POINTS} points
 *       (Prometheus refuses range queries beyond 11 000).</li>
 *   <li>{@code rateWindow}, the range of {@code rate()} behind each sample: the step, but at least
 *       two scrape intervals, since {@code rate()} needs two samples in its window ({@link RateWindow}). With a step of
 *       two scrape intervals or more the windows tile the run; below that they overlap and the
 *       curve is a moving average over two scrape intervals.</li>
 *   <li>{@code boundaryWindow}: how far either side of the run's start and end the counters' raw
 *       samples are looked for: ten scrape intervals, at least a minute, so that a few missed
 *       scrapes (an exporter restarting, Prometheus away for a moment) are bridged.</li>
 * </ul>
 */
record ProfilePlan(Duration step, Duration rateWindow, Duration boundaryWindow) {

    /** Aim for at least this many samples on the curve of a short run. */
    static final int MIN_SAMPLES = 10;
    /** Keep range queries below Prometheus' limit of 11 000 points per series. */
    static final int MAX_POINTS = 10_000;
    /** Boundary samples are looked for within this many scrape intervals... */
    static final int BOUNDARY_SCRAPES = 10;
    /** ...and at least this far. */
    static final Duration MIN_BOUNDARY_WINDOW = Duration.ofMinutes(1);

    static ProfilePlan of(Duration runDuration, Duration configuredStep, Duration scrapeInterval) {
        Duration step = min(configuredStep, runDuration.dividedBy(MIN_SAMPLES));
        step = max(step, scrapeInterval);
        step = max(step, Duration.ofMillis(ceilDiv(runDuration.toMillis(), MAX_POINTS)));
        step = max(step, Duration.ofMillis(1));
        Duration rateWindow = RateWindow.of(step, scrapeInterval);
        return new ProfilePlan(step, rateWindow, max(scrapeInterval.multipliedBy(BOUNDARY_SCRAPES), MIN_BOUNDARY_WINDOW));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
