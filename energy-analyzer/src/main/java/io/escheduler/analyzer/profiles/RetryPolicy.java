package io.escheduler.analyzer.profiles;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run whose profile could not be computed is looked at again: after
 * {@code min(initial · 2^attempts, max)} ({@code attempts} = failed attempts before this one), and
 * never again once {@code giveUpAfter} has passed since the run's end (by then Prometheus'
 * retention has usually dropped the data).
 */
record RetryPolicy(Duration initial, Duration max, Duration giveUpAfter) {

    Instant nextAttempt(int attemptsBefore, Instant now) {
        return now.plus(delay(attemptsBefore));
    }

    Duration delay(int attemptsBefore) {
        int doublings = Math.max(0, attemptsBefore);
        if (doublings >= 62 || initial.toMillis() > (max.toMillis() >> doublings)) {
            return max;
        }
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    boolean givesUp(Instant runEnd, Instant now) {
        return !now.isBefore(runEnd.plus(giveUpAfter));
    }
}
