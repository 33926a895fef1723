package io.escheduler.powermanager.source;

import io.escheduler.policies.model.NodeMetrics;
import io.escheduler.powermanager.config.PowerManagerConfig;
import io.escheduler.prometheus.PrometheusClient;
import io.escheduler.prometheus.PrometheusException;
import io.escheduler.prometheus.PrometheusQueryException;
import io.escheduler.prometheus.Sample;
import io.escheduler.prometheus.Series;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every node's {@link NodeMetrics} from Prometheus, by node name: five instant queries for all nodes
 * ({@link NodeMetricsQueries}) through the {@link PrometheusClient} (its timeout, retries and circuit breaker).
 *
 * <p><b>What a node gets.</b> An entry needs both figures measured now: utilisation and power. A node with only
 * one of them (an exporter without RAPL or without {@code /proc/stat}, a counter that just fell, a series not two
 * scrapes old yet) gets none, and the policies skip it as a node without metrics, as they skip a node without an
 * exporter. Within an entry, utilisation is clamped to 0..1; the peak is at least the utilisation, and NaN when
 * Prometheus holds less than half of the DVFS window (see {@link NodeMetrics#peakUtilisation()}); the maximum power
 * is the packages' maximum power where exported, else their TDP, else 0. Nodes of the exporters that are not Kubernetes Nodes are harmless extra entries.
 *
 * <p><b>Prometheus away.</b> Then (or when it refuses a query) there are no metrics at all: an empty map, never a
 * mix of this cycle's and older figures. The cause is logged once per outage, and its end once.
 */
@ApplicationScoped
public class NodeMetricsSource {

    private static final Logger LOG = Logger.getLogger(NodeMetricsSource.class);

    private final PrometheusClient prometheus;
    private final NodeMetricsQueries queries;
    /** The problem being reported, null while Prometheus answers. */
    private final AtomicReference<String> outage = new AtomicReference<>();

    public NodeMetricsSource(PrometheusClient prometheus, PowerManagerConfig config) {
        this.prometheus = prometheus;
        this.queries = NodeMetricsQueries.of(config.prometheus().scrapeInterval(), config.dvfs().window(),
                config.prometheus().domains());
    }

    /** Node name → its metrics at {@code at}; empty when Prometheus is unavailable or refuses the queries. */
    public Map<String, NodeMetrics> metrics(Instant at) {
        Map<String, NodeMetrics> metrics;
        try {
            metrics = assemble(byNode(queries.utilisation(), at), byNode(queries.peakUtilisation(), at),
                    byNode(queries.power(), at), byNode(queries.maxPower(), at), byNode(queries.tdp(), at));
        } catch (PrometheusException e) {
            reportOutage(e);
            return Map.of();
        }
        String ended = outage.getAndSet(null);
        if (ended != null) {
            LOG.infof("Prometheus answers again: cluster snapshots have node metrics again (%d nodes have them now)", metrics.size());
        }
        return metrics;
    }

    private void reportOutage(PrometheusException e) {
        boolean refused = e instanceof PrometheusQueryException;
        if (outage.getAndSet(e.getMessage()) != null) {
            LOG.debugf("still no node metrics: %s", e.getMessage());
        } else if (refused) {
            LOG.errorf("Prometheus refused the node metrics queries, so cluster snapshots have no node metrics and the policies that need "
                    + "them skip every node; check power-manager.prometheus.domains and the exporters' version: %s", e.getMessage());
        } else {
            LOG.warnf("cluster snapshots have no node metrics while Prometheus is unavailable (the policies that need them skip every "
                    + "node); said once until it answers again: %s", e.getMessage());
        }
    }

    /** The finite values of an instant query's series, by their {@code node} label. */
    private Map<String, Double> byNode(String promql, Instant at) {
        List<Series> result = prometheus.query(promql, at);
        Map<String, Double> values = new HashMap<>(result.size() * 2);
        for (Series series : result) {
            String node = series.label("node");
            List<Sample> samples = series.samples();
            if (!node.isEmpty() && !samples.isEmpty() && Double.isFinite(samples.get(samples.size() - 1).value())) {
                values.put(node, samples.get(samples.size() - 1).value());
            }
        }
        return values;
    }

    /** The entries as the class comment says: nodes with utilisation and power, peak and maximum filled in or marked unknown. */
    static Map<String, NodeMetrics> assemble(Map<String, Double> utilisation, Map<String, Double> peakUtilisation,
                                             Map<String, Double> power, Map<String, Double> maxPower, Map<String, Double> tdp) {
        Map<String, NodeMetrics> metrics = new HashMap<>(utilisation.size() * 2);
        utilisation.forEach((node, busy) -> {
            Double watts = power.get(node);
            if (watts == null) {
                return;
            }
            double now = clamp(busy);
            Double peak = peakUtilisation.get(node);
            double max = maxPower.getOrDefault(node, 0.0);
            double thermal = tdp.getOrDefault(node, 0.0);
            metrics.put(node, new NodeMetrics(now, peak == null ? Double.NaN : Math.max(now, clamp(peak)), Math.max(0, watts),
                    thermal > 0 ? thermal : Math.max(max, 0), Math.max(thermal, 0)));
        });
        return metrics;
    }

    private static double clamp(double fraction) {
        return Math.min(1, Math.max(0, fraction));
    }
}
