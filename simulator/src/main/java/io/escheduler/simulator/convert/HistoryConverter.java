package io.escheduler.simulator.convert;

import io.escheduler.simulator.workload.TraceFile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real cluster's history from Prometheus into the trace format (docs/simulator.md, "From your cluster's history"),
 * so that an operator can ask what the policies would have saved on their last week. Range queries over
 * kube-state-metrics and cAdvisor, at {@code step}:
 * <ul>
 * <li>{@code kube_pod_created} (max by namespace, pod): the pods and their creation (arrival); the time of its last sample
 *     ({@code timestamp()}), for those whose series ends before the window does, when they were deleted (a service's
 *     lifetime);</li>
 * <li>{@code kube_pod_owner}: the owner kind ({@code <none>} is a bare pod);</li>
 * <li>{@code kube_pod_container_resource_requests} (sum by namespace, pod, resource): CPU and memory requests;</li>
 * <li>{@code kube_pod_start_time} and {@code kube_pod_completion_time}: a Job's pod's run time;</li>
 * <li>{@code kube_pod_labels}: the program label ({@code label_energy_escheduler_io_program});</li>
 * <li>{@code rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[rate])} (sum by namespace, pod):
 *     CPU use, a usage curve per pod ({@code curve:<namespace>.<pod>}) in the trace's {@code .usage.csv}.</li>
 * </ul>
 * Time 0 of the trace is {@code start}. PodDisruptionBudget membership and the scheduler name are not in these series:
 * the trace leaves them empty.
 */
public final class HistoryConverter {

    /** The trace and its usage file, as text. */
    public record Trace(String csv, String usage, int pods) {
    }

    private final PrometheusApi api;

    public HistoryConverter(String prometheusUrl) {
        this.api = new PrometheusApi(prometheusUrl);
    }

    public Trace convert(Instant start, Instant end, Duration step, Duration rateWindow) throws IOException {
        Map<String, Pod> pods = new TreeMap<>();
        for (PrometheusApi.Series s : api.range("max by (namespace, pod) (kube_pod_created)", start, end, step)) {
            if (s.times().length == 0) {
                continue;
            }
            Pod p = pods.computeIfAbsent(key(s), k -> new Pod(s.label("namespace"), s.label("pod")));
            p.created = s.values()[0];
        }
        // the last sample's own time: a range query repeats a series for the lookback delta (5 min) after its last sample
        // when no staleness marker ended it, as with backfilled data
        for (PrometheusApi.Series s : api.range("max by (namespace, pod) (timestamp(kube_pod_created))", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null) {
                for (double v : s.values()) {
                    p.lastSeen = Math.max(p.lastSeen, v);
                }
            }
        }
        for (PrometheusApi.Series s : api.range("max by (namespace, pod, owner_kind) (kube_pod_owner)", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null) {
                p.owner = s.label("owner_kind");
            }
        }
        for (PrometheusApi.Series s : api.range("sum by (namespace, pod, resource) (kube_pod_container_resource_requests)", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null && s.values().length > 0) {
                double v = s.values()[s.values().length - 1];
                switch (s.label("resource")) {
                    case "cpu" -> p.cpuCores = v;
                    case "memory" -> p.memoryBytes = v;
                    default -> {
                    }
                }
            }
        }
        for (PrometheusApi.Series s : api.range("max by (namespace, pod) (kube_pod_start_time)", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null && s.values().length > 0) {
                p.started = s.values()[0];
            }
        }
        for (PrometheusApi.Series s : api.range("max by (namespace, pod) (kube_pod_completion_time)", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null && s.values().length > 0) {
                p.completed = s.values()[s.values().length - 1];
            }
        }
        for (PrometheusApi.Series s : api.range("max by (namespace, pod, label_energy_escheduler_io_program) (kube_pod_labels)", start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null && !s.label("label_energy_escheduler_io_program").isEmpty()) {
                p.program = s.label("label_energy_escheduler_io_program");
            }
        }
        String usage = "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!=\"\",container!=\"POD\"}[" + rateWindow.toSeconds() + "s]))";
        for (PrometheusApi.Series s : api.range(usage, start, end, step)) {
            Pod p = pods.get(key(s));
            if (p != null) {
                p.usage = s;
            }
        }
        return render(pods, start.getEpochSecond(), end.getEpochSecond(), step);
    }

    private static Trace render(Map<String, Pod> pods, double start, double end, Duration step) {
        StringBuilder csv = new StringBuilder("# converted from Prometheus (kube-state-metrics, cAdvisor): " + Instant.ofEpochSecond((long) start)
                + " to " + Instant.ofEpochSecond((long) end) + ", step " + step.toSeconds() + " s\n").append(TraceFile.HEADER).append('\n');
        StringBuilder curves = new StringBuilder(TraceFile.USAGE_HEADER).append('\n');
        int n = 0;
        for (Pod p : pods.values()) {
            String owner = owner(p.owner);
            if (owner.equals("DaemonSet")) {
                continue;
            }
            double arrival = Math.max(0, p.created - start);
            String duration = "";
            if (owner.equals("Job")) {
                double began = p.started > 0 ? p.started : p.created;
                double finished = p.completed > 0 ? p.completed : p.lastSeen;
                duration = num(Math.max(1, finished - began));
            } else if (p.lastSeen < end - step.toSeconds()) {
                duration = num(Math.max(1, p.lastSeen - Math.max(p.created, start)));
            }
            String use = "0";
            if (p.usage != null && p.usage.values().length > 0) {
                double first = p.usage.values()[0];
                boolean constant = true;
                for (double v : p.usage.values()) {
                    constant &= v == first;
                }
                if (constant) {
                    use = num(first * 1000);
                } else {
                    String curve = p.namespace + "." + p.name;
                    use = "curve:" + curve;
                    for (int i = 0; i < p.usage.times().length; i++) {
                        curves.append(curve).append(',').append(num(p.usage.times()[i] - start)).append(',').append(num(p.usage.values()[i] * 1000)).append('\n');
                    }
                }
            }
            csv.append(num(arrival)).append(',').append(p.namespace).append(',').append(p.name).append(',').append(owner).append(',')
                    .append(num(p.cpuCores * 1000)).append(',').append(num(p.memoryBytes / 1048576)).append(',').append(use).append(',')
                    .append(duration).append(',').append(p.program == null ? "" : p.program).append(",,,,\n");
            n++;
        }
        return new Trace(csv.toString(), curves.toString(), n);
    }

    private static String owner(String kind) {
        return switch (kind == null ? "" : kind) {
            case "ReplicaSet", "StatefulSet", "Job", "DaemonSet" -> kind;
            case "<none>", "" -> "None";
            default -> "ReplicaSet";
        };
    }

    private static String num(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    private static String key(PrometheusApi.Series s) {
        return s.label("namespace") + "/" + s.label("pod");
    }

    private static final class Pod {
        final String namespace;
        final String name;
        double created;
        double lastSeen;
        double started;
        double completed;
        String owner;
        double cpuCores;
        double memoryBytes;
        String program;
        PrometheusApi.Series usage;

        Pod(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }
    }
}
