package io.escheduler.testing;

import java.time.Duration;
import java.time.Instant;

/** Waiting for a moment of a scenario (a phase's end, the next poll). */
public final class Sleep {

    private Sleep() {
    }

    /** Sleeps until {@code instant} (returns at once if it has passed); an interrupt is an IllegalStateException. */
    public static void until(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
