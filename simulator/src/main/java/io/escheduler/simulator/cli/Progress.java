package io.escheduler.simulator.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * A progress bar on standard error (never on standard output, which holds the table): {@code [#####.....]  50% label},
 * redrawn at most five times a second.
 */
final class Progress implements DoubleConsumer {

    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final long started = System.nanoTime();
    private int shown = -1;
    private long shownAt;

    Progress(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void accept(double fraction) {
        int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        long now = System.nanoTime();
        if (percent == shown || (percent < 100 && now - shownAt < 200_000_000L)) {
            return;
        }
        shown = percent;
        shownAt = now;
        int filled = percent * WIDTH / 100;
        double seconds = (System.nanoTime() - started) / 1e9;
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %s (%.1f s)", "#".repeat(filled), ".".repeat(WIDTH - filled), percent, label, seconds));
        if (percent == 100) {
            err.println();
        }
        err.flush();
    }
}
