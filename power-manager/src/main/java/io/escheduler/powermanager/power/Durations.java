package io.escheduler.powermanager.power;

import java.time.Duration;

/** Durations as an operator writes them in the configuration ({@code 60s}, {@code 10m}, {@code 250ms}). */
final class Durations {

    private Durations() {
    }

    static String text(Duration d) {
        long millis = d.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
