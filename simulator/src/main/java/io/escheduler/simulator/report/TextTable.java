package io.escheduler.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The terminal table: one row per run, columns aligned, numbers right-aligned. */
public final class TextTable {

    private static final String[] HEAD = {"policies", "placement", "energy kWh", "saving", "peak kW", "pending p50 s", "p99 s", "max s",
            ">boot+int", "evictions", "cycles/node/day", "throttled h", "capped h", "lost CPU-s"};

    private TextTable() {
    }

    public static String render(List<RunResult> runs) {
        RunResult baseline = runs.stream().filter(r -> r.policies().equals("none")).findFirst().orElse(null);
        List<String[]> rows = new ArrayList<>();
        rows.add(HEAD);
        for (RunResult r : runs) {
            rows.add(new String[]{r.policies(), r.placement(), f("%.1f", r.energyKWh()),
                    baseline == null || r == baseline ? "-" : f("%.1f%%", r.savingPercent(baseline)), f("%.1f", r.peakWatts() / 1000),
                    f("%.0f", r.pendingSeconds()[0]), f("%.0f", r.pendingSeconds()[1]), f("%.0f", r.pendingSeconds()[2]),
                    Long.toString(r.podsPendingBeyondBoot()), Long.toString(r.evictions()), f("%.2f", r.powerCyclesPerNodePerDay()),
                    f("%.1f", r.throttledNodeHours()), f("%.1f", r.cappedNodeHours()), f("%.0f", r.lostCpuSeconds())});
        }
        int[] width = new int[HEAD.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(i < 2 ? cell + pad : pad + cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }

    static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
