package io.escheduler.simulator.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * One progress bar on standard error (never on standard output, which holds the table) for all the runs of a command,
 * which may run side by side: {@code [#####.....]  50% 1 of 3 runs done; all 40%, seed 10% (12.3 s)}, redrawn at most
 * five times a second, and a line when the last run ends.
 */
final class Progress {

    private static final int WIDTH = 30;
    private final PrintStream err;
    private final List<String> labels;
    private final double[] done;
    private final long started = System.nanoTime();
    private long shownAt;
    private boolean finished;

    Progress(PrintStream err, List<String> labels) {
        this.err = err;
        this.labels = List.copyOf(labels);
        this.done = new double[labels.size()];
    }

    /** What run {@code index} reports: the fraction of its simulated time done. */
    DoubleConsumer of(int index) {
        return fraction -> update(index, fraction);
    }

    private synchronized void update(int index, double fraction) {
        done[index] = Math.max(0, Math.min(1, fraction));
        long now = System.nanoTime();
        int ended = 0;
        double sum = 0;
        StringBuilder running = new StringBuilder();
        for (int i = 0; i < done.length; i++) {
            sum += done[i];
            if (done[i] >= 1) {
                ended++;
            } else if (done[i] > 0) {
                running.append(running.isEmpty() ? "; " : ", ").append(labels.get(i)).append(' ').append((int) Math.floor(done[i] * 100)).append('%');
            }
        }
        boolean all = ended == done.length;
        if (finished || (!all && now - shownAt < 200_000_000L)) {
            return;
        }
        shownAt = now;
        int percent = (int) Math.floor(sum / done.length * 100);
        int filled = percent * WIDTH / 100;
        double seconds = (now - started) / 1e9;
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %d of %d runs done%s (%.1f s)   ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                percent, ended, done.length, running, seconds));
        if (all) {
            finished = true;
            err.println();
        }
        err.flush();
    }
}
