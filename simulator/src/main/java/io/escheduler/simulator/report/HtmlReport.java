package io.escheduler.simulator.report;

import io.escheduler.simulator.engine.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The page a person opens (docs/simulator.md, "HTML"): the table, then three charts over simulated time — the
 * cluster's power (baseline against every policy set), the nodes on, the pods pending — as inline SVG. One file, no
 * script, nothing fetched: it opens without a network.
 */
public final class HtmlReport {

    private static final String[] COLOURS = {"#555555", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
            "#17becf", "#bcbd22"};
    private static final int W = 960;
    private static final int H = 260;
    private static final int LEFT = 70;
    private static final int BOTTOM = 30;

    private HtmlReport() {
    }

    public static String render(Scenario scenario, List<RunResult> runs) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EScheduler simulation: ")
                .append(esc(scenario.cluster())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}svg{background:#fff;border:1px solid #ddd;margin-bottom:1.5em}"
                        + ".key span{display:inline-block;margin-right:1.5em}.key i{display:inline-block;width:1.2em;height:.3em;"
                        + "vertical-align:middle;margin-right:.4em}</style></head><body>\n");
        out.append("<h1>Energy outcome: ").append(esc(scenario.cluster())).append("</h1>\n<p>")
                .append(scenario.nodes()).append(" nodes, ").append(esc(scenario.workload())).append(" (").append(scenario.pods())
                .append(" pods), ").append(fmt(scenario.days())).append(" days, seed ").append(scenario.seed()).append(", policy interval ")
                .append(fmt(scenario.intervalSeconds())).append(" s. Pending beyond boot time plus one interval: over ")
                .append(fmt(scenario.pendingThresholdSeconds())).append(" s.</p>\n<pre>").append(esc(TextTable.render(runs))).append("</pre>\n");
        out.append("<div class=\"key\">");
        for (int i = 0; i < runs.size(); i++) {
            out.append("<span><i style=\"background:").append(COLOURS[i % COLOURS.length]).append("\"></i>").append(esc(label(runs.get(i))))
                    .append("</span>");
        }
        out.append("</div>\n");
        chart(out, "Cluster power (kW)", runs, s -> s.watts() / 1000);
        chart(out, "Nodes on (incl. booting)", runs, s -> s.nodesOn());
        chart(out, "Pods pending", runs, s -> s.pending());
        out.append("</body></html>\n");
        return out.toString();
    }

    private static String label(RunResult r) {
        return r.policies() + (r.placement().equals("lowest-peak") ? "" : " (" + r.placement() + ")");
    }

    private static void chart(StringBuilder out, String title, List<RunResult> runs, ToDoubleFunction<Metrics.Sample> y) {
        double maxX = 0;
        double maxY = 0;
        for (RunResult r : runs) {
            for (Metrics.Sample s : r.samples()) {
                maxX = Math.max(maxX, s.atMillis());
                maxY = Math.max(maxY, y.applyAsDouble(s));
            }
        }
        maxY = maxY <= 0 ? 1 : niceCeiling(maxY);
        maxX = Math.max(maxX, 1);
        out.append("<h2>").append(esc(title)).append("</h2>\n<svg width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        int plotW = W - LEFT - 10;
        int plotH = H - BOTTOM - 10;
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            int py = 10 + plotH - plotH * i / 4;
            out.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(py).append("\" x2=\"").append(W - 10).append("\" y2=\"").append(py)
                    .append("\" stroke=\"#eee\"/><text x=\"").append(LEFT - 6).append("\" y=\"").append(py + 4)
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(fmt(v)).append("</text>\n");
        }
        double days = maxX / 86_400_000.0;
        double stepDays = days > 2 ? 1 : 0.25;
        for (double d = 0; d <= days + 1e-9; d += stepDays) {
            int px = LEFT + (int) Math.round(plotW * d / days);
            out.append("<line x1=\"").append(px).append("\" y1=\"10\" x2=\"").append(px).append("\" y2=\"").append(10 + plotH)
                    .append("\" stroke=\"#f2f2f2\"/><text x=\"").append(px).append("\" y=\"").append(H - 10)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(stepDays >= 1 ? "day " + fmt(d) : fmt(d * 24) + " h").append("</text>\n");
        }
        for (int i = 0; i < runs.size(); i++) {
            List<String> points = new ArrayList<>();
            for (Metrics.Sample s : runs.get(i).samples()) {
                double px = LEFT + plotW * s.atMillis() / maxX;
                double py = 10 + plotH - plotH * y.applyAsDouble(s) / maxY;
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
            }
            out.append("<polyline fill=\"none\" stroke-width=\"1.3\" stroke=\"").append(COLOURS[i % COLOURS.length]).append("\" points=\"")
                    .append(String.join(" ", points)).append("\"><title>").append(esc(label(runs.get(i)))).append("</title></polyline>\n");
        }
        out.append("</svg>\n");
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
