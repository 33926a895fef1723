package io.escheduler.analyzer.profiles;

import io.escheduler.analyzer.config.AnalyzerConfig;
import io.escheduler.prometheus.PromQL;
import io.escheduler.prometheus.PrometheusClient;
import io.escheduler.prometheus.PrometheusException;
import io.escheduler.prometheus.Sample;
import io.escheduler.prometheus.Series;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a run's energy profile from Prometheus, from {@code rapl_energy_joules_total} of the
 * run's nodes summed over the configured domains ({@code energy-analyzer.prometheus.domains}):
 * <ol>
 *   <li><b>Is the data there?</b> Every node needs a sample at or after the run's end (so
 *       Prometheus has scraped past it) and one at or before its start.</li>
 *   <li><b>Energy</b> (J), exactly from the counters: for every series, its value at the end minus
 *       its value at the start, each interpolated between the raw scrapes around that instant
 *       ({@link CounterValue}); summed per node. Where a node's counters fell during the run or
 *       around its ends ({@code resets()}: the exporter restarted and lost its accumulated wraps),
 *       or a series began or ended within it, the node's raw samples over the whole run are
 *       followed across the falls instead ({@link CounterSeries}), for its energy and its power
 *       curve; the log says so. ({@code increase()} and {@code rate()} take a fall for a restart
 *       from zero and would count the whole new counter value as energy.)</li>
 *   <li><b>Power curve</b> (W): {@code sum by (node) (rate(...[window]))} from the first full
 *       window after the start to the end, one sample per step ({@link ProfilePlan}). Peak and
 *       minimum are taken over its samples ({@link PowerCurve}); mean power is energy / duration.
 *       A run shorter than one rate window has no curve: its peak and minimum are its mean.</li>
 * </ol>
 */
@ApplicationScoped
public class RunProfiler {

    private static final Logger LOG = Logger.getLogger(RunProfiler.class);

    /** How far after the end "a sample at or after the end" is looked for. */
    static final Duration MAX_LOOK_AHEAD = Duration.ofHours(1);
    /** Raw samples are fetched in pieces of at most this many scrape intervals (Prometheus answers in one JSON document). */
    static final int MAX_SCRAPES_PER_QUERY = 10_000;

    /** A profile, or why there is none yet. */
    public sealed interface Outcome {
    }

    /** The data was complete: here is the profile. */
    public record Complete(RunProfile profile) implements Outcome {
    }

    /** Prometheus does not (yet) hold all the run's data. */
    public record Incomplete(String reason) implements Outcome {
    }

    private final PrometheusClient prometheus;
    private final AnalyzerConfig config;

    @Inject
    public RunProfiler(PrometheusClient prometheus, AnalyzerConfig config) {
        this.prometheus = prometheus;
        this.config = config;
    }

    /**
     * The profile of {@code run}, looked at {@code now} (after its end).
     *
     * @throws PrometheusException when Prometheus is unavailable or refuses a query
     */
    public Outcome profile(RunWindow run, Instant now) {
        String selector = selector(run.nodes());
        ProfilePlan plan = ProfilePlan.of(run.duration(), config.profiles().step(), config.prometheus().scrapeInterval());

        // 1. Has Prometheus scraped every node past the end, and before the start?
        List<String> missing = notScrapedAfterEnd(selector, run, now);
        if (!missing.isEmpty()) {
            return new Incomplete("no sample of node(s) " + missing + " at or after the run's end " + run.end() + " yet");
        }
        Duration around = plan.boundaryWindow();
        Map<Map<String, String>, List<Sample>> atStart = raw(selector, run.start().minus(around), run.start().plus(around));
        Map<Map<String, String>, List<Sample>> atEnd = raw(selector, run.end().minus(around), run.end().plus(around));
        missing = run.nodes().stream().filter(node -> atStart.entrySet().stream().noneMatch(series ->
                node.equals(series.getKey().get("node")) && CounterValue.hasSampleAtOrBefore(series.getValue(), run.start()))).toList();
        if (!missing.isEmpty()) {
            return new Incomplete("no sample of node(s) " + missing + " at or before the run's start " + run.start()
                    + " (looked back " + around + ")");
        }

        // 2. Energy per node from the counters at both ends; across the whole run where they cannot be followed so.
        Map<String, String> unfollowable = new TreeMap<>();
        nodesWithResets(selector, run).forEach(node -> unfollowable.put(node, "its counters fell during the run (exporter restarted?)"));
        Map<String, Double> energy = fromBoundaries(run, atStart, atEnd, plan, unfollowable);
        unfollowable.keySet().retainAll(run.nodes());
        Map<String, List<CounterSeries.Continuous>> followed = unfollowable.isEmpty() ? Map.of() : acrossFalls(run, unfollowable, around);
        if (!unfollowable.isEmpty()) {
            List<String> lacking = unfollowable.keySet().stream().filter(node -> !followed.containsKey(node)).toList();
            if (!lacking.isEmpty()) {
                return new Incomplete("no sample of node(s) " + lacking + " during the run");
            }
            followed.forEach((node, counters) -> energy.put(node,
                    counters.stream().mapToDouble(counter -> CounterSeries.joules(counter, run.start(), run.end())).sum()));
            logFollowed(run, unfollowable, followed, energy);
        }

        // 3. The power curve.
        return new Complete(assemble(run, energy, PowerCurve.of(run.nodes(), curves(run, plan, followed))));
    }

    /** Nodes without a sample between the run's end and {@code now} (at most {@link #MAX_LOOK_AHEAD} after the end). */
    private List<String> notScrapedAfterEnd(String selector, RunWindow run, Instant now) {
        Duration lookAhead = clamp(Duration.between(run.end(), now), Duration.ofMillis(1), MAX_LOOK_AHEAD);
        Set<String> seen = new TreeSet<>();
        prometheus.query("count by (node) (count_over_time(" + selector + "[" + PromQL.duration(lookAhead) + "]))", run.end().plus(lookAhead))
                .forEach(series -> seen.add(series.label("node")));
        return run.nodes().stream().filter(node -> !seen.contains(node)).toList();
    }

    /**
     * Joules per node: every series' value at the end minus its value at the start. Nodes whose
     * counters cannot be followed so (a series that began, ended or fell near either end, or no
     * sample near the end) are left out and added to {@code unfollowable} with the reason.
     */
    private static Map<String, Double> fromBoundaries(RunWindow run, Map<Map<String, String>, List<Sample>> atStart,
                                                      Map<Map<String, String>, List<Sample>> atEnd, ProfilePlan plan,
                                                      Map<String, String> unfollowable) {
        Map<String, Double> energy = new TreeMap<>();
        for (Map.Entry<Map<String, String>, List<Sample>> series : atEnd.entrySet()) {
            String node = series.getKey().getOrDefault("node", "");
            List<Sample> startSamples = atStart.get(series.getKey());
            if (startSamples == null || !CounterValue.hasSampleAtOrBefore(startSamples, run.start())) {
                unfollowable.putIfAbsent(node, "series " + series.getKey() + " began during the run");
            } else if (CounterSeries.falls(startSamples) || CounterSeries.falls(series.getValue())) {
                unfollowable.putIfAbsent(node, "series " + series.getKey() + " fell near the run's start or end (exporter restarted?)");
            } else {
                OptionalDouble endValue = CounterValue.at(series.getValue(), run.end());
                OptionalDouble startValue = CounterValue.at(startSamples, run.start());
                if (endValue.getAsDouble() < startValue.getAsDouble()) {
                    unfollowable.putIfAbsent(node, "series " + series.getKey() + " is lower at the end than at the start (exporter restarted?)");
                } else {
                    energy.merge(node, endValue.getAsDouble() - startValue.getAsDouble(), Double::sum);
                }
            }
        }
        atStart.keySet().stream().filter(labels -> !atEnd.containsKey(labels))
                .forEach(labels -> unfollowable.putIfAbsent(labels.getOrDefault("node", ""), "series " + labels + " ended during the run"));
        for (String node : run.nodes()) {
            if (atEnd.keySet().stream().noneMatch(labels -> node.equals(labels.get("node")))) {
                unfollowable.putIfAbsent(node, "no sample within " + plan.boundaryWindow() + " of the run's end");
            }
        }
        return energy;
    }

    /** The counters of {@code nodes} over the whole run, followed across their falls ({@link CounterSeries}); nodes without samples are left out. */
    private Map<String, List<CounterSeries.Continuous>> acrossFalls(RunWindow run, Map<String, String> nodes, Duration around) {
        Map<String, List<CounterSeries.Continuous>> followed = new TreeMap<>();
        raw(selector(List.copyOf(nodes.keySet())), run.start().minus(around), run.end().plus(around)).forEach((labels, samples) ->
                followed.computeIfAbsent(labels.getOrDefault("node", ""), node -> new ArrayList<>()).add(CounterSeries.continuous(samples)));
        return followed;
    }

    private static void logFollowed(RunWindow run, Map<String, String> reasons, Map<String, List<CounterSeries.Continuous>> followed,
                                    Map<String, Double> energy) {
        followed.forEach((node, counters) -> LOG.warnf("run %d: node %s: %s; its energy, %.1f J, and power are what its counters gained "
                        + "between raw samples, across %d fall(s) with %.1f s bridged at the neighbouring scrapes' power",
                run.runId(), node, reasons.get(node), energy.get(node), counters.stream().mapToInt(CounterSeries.Continuous::falls).sum(),
                counters.stream().mapToDouble(CounterSeries.Continuous::bridgedSeconds).sum()));
    }

    /**
     * Node → power samples (W), from the first full rate window after the start to the end (none
     * for a run shorter than one window): Prometheus' {@code rate()}, except for the nodes whose
     * counters were {@code followed} across falls, whose rate windows would count a fall as energy.
     */
    private Map<String, List<Sample>> curves(RunWindow run, ProfilePlan plan, Map<String, List<CounterSeries.Continuous>> followed) {
        Instant first = run.start().plus(plan.rateWindow());
        if (first.isAfter(run.end())) {
            return Map.of();
        }
        Map<String, List<Sample>> curves = new HashMap<>();
        List<String> byRate = run.nodes().stream().filter(node -> !followed.containsKey(node)).toList();
        if (!byRate.isEmpty()) {
            for (Series series : prometheus.queryRange("sum by (node) (rate(" + selector(byRate) + "[" + PromQL.duration(plan.rateWindow()) + "]))",
                    first, run.end(), plan.step())) {
                curves.put(series.label("node"), series.samples());
            }
        }
        followed.forEach((node, counters) -> curves.put(node, CounterSeries.power(counters, first, run.end(), plan.step(), plan.rateWindow())));
        return curves;
    }

    private static RunProfile assemble(RunWindow run, Map<String, Double> energy, PowerCurve curve) {
        double seconds = run.durationSeconds();
        List<NodeProfile> nodes = new ArrayList<>();
        double total = 0;
        for (String node : run.nodes()) {
            double joules = energy.getOrDefault(node, 0.0);
            double mean = joules / seconds;
            PowerCurve.Extremes extremes = curve.node(node);
            nodes.add(extremes.samples() == 0 ? new NodeProfile(node, mean, mean, mean, joules, 0)
                    : new NodeProfile(node, extremes.peakWatts(), extremes.minWatts(), mean, joules, extremes.samples()));
            total += joules;
        }
        double mean = total / seconds;
        PowerCurve.Extremes whole = curve.run();
        return whole.samples() == 0 ? new RunProfile(nodes, mean, mean, mean, total, 0)
                : new RunProfile(nodes, whole.peakWatts(), whole.minWatts(), mean, total, whole.samples());
    }

    /** {@code rapl_energy_joules_total} of {@code nodes} in the configured domains. */
    String selector(List<String> nodes) {
        return "rapl_energy_joules_total{node=~" + PromQL.anyOf(nodes) + ",domain=~" + PromQL.anyOf(config.prometheus().domains()) + "}";
    }

    /**
     * Raw samples of every series between {@code from} and {@code to}, by label set, oldest first;
     * asked in pieces of at most {@link #MAX_SCRAPES_PER_QUERY} scrape intervals.
     */
    private Map<Map<String, String>, List<Sample>> raw(String selector, Instant from, Instant to) {
        Duration piece = config.prometheus().scrapeInterval().multipliedBy(MAX_SCRAPES_PER_QUERY);
        Map<Map<String, String>, TreeMap<Instant, Sample>> merged = new HashMap<>();
        for (Instant pieceStart = from; pieceStart.isBefore(to); ) {
            Instant pieceEnd = pieceStart.plus(piece).isBefore(to) ? pieceStart.plus(piece) : to;
            for (Series series : prometheus.query(selector + "[" + PromQL.duration(Duration.between(pieceStart, pieceEnd)) + "]", pieceEnd)) {
                Map<String, String> labels = new TreeMap<>(series.labels());
                labels.remove("__name__");
                TreeMap<Instant, Sample> samples = merged.computeIfAbsent(labels, l -> new TreeMap<>());
                series.samples().forEach(sample -> samples.put(sample.time(), sample)); // pieces may share their boundary sample
            }
            pieceStart = pieceEnd;
        }
        Map<Map<String, String>, List<Sample>> bySeries = new HashMap<>();
        merged.forEach((labels, samples) -> bySeries.put(labels, List.copyOf(samples.values())));
        return bySeries;
    }

    /** Nodes whose counters fell within the run (Prometheus' {@code resets()}). */
    private Set<String> nodesWithResets(String selector, RunWindow run) {
        Set<String> nodes = new TreeSet<>();
        for (Series series : prometheus.query("sum by (node) (resets(" + selector + "[" + PromQL.duration(run.duration()) + "]))", run.end())) {
            if (!series.samples().isEmpty() && series.samples().get(0).value() > 0) {
                nodes.add(series.label("node"));
            }
        }
        return nodes;
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
