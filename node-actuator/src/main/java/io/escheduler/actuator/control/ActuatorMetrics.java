package io.escheduler.actuator.control;

import io.escheduler.hardware.rapl.PackageLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code node_actuator_changes_total{kind, outcome}} (outcome: applied, refused, reverted, failed),
 * and gauges of what is in force: the lowest CPU ceiling, each package's long-term limit, and
 * whether the node is throttled.
 */
public final class ActuatorMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicReference<Actuator.View> last = new AtomicReference<>();
    private final Map<String, Boolean> packageGauges = new ConcurrentHashMap<>();

    public ActuatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String kind : new String[] {"cpufreq", "power-limit"}) {
            for (String outcome : new String[] {"applied", "refused", "reverted", "failed"}) {
                counter(kind, outcome);
            }
        }
        Gauge.builder("node.actuator.cpu.max.hertz", last, v -> v.get() == null || v.get().throttle().lowestCeilingKhz().isEmpty()
                        ? Double.NaN : v.get().throttle().lowestCeilingKhz().getAsLong() * 1000.0)
                .description("Lowest CPU frequency ceiling in force on the node").register(registry);
        Gauge.builder("node.actuator.throttled", last, v -> v.get() == null ? Double.NaN : v.get().throttle().throttled() ? 1 : 0)
                .description("1 while the node runs below its baseline (frequency ceiling or power limit)").register(registry);
    }

    private Counter counter(String kind, String outcome) {
        return counters.computeIfAbsent(kind + "/" + outcome, k -> Counter.builder("node.actuator.changes")
                .description("Changes asked of the actuator, by kind and outcome")
                .tags("kind", kind, "outcome", outcome).register(registry));
    }

    void applied(String kind) {
        counter(kind, "applied").increment();
    }

    void refused(String kind) {
        counter(kind, "refused").increment();
    }

    void reverted(String kind) {
        counter(kind, "reverted").increment();
    }

    void failed(String kind) {
        counter(kind, "failed").increment();
    }

    void update(Actuator.View view) {
        last.set(view);
        for (String pkg : view.packages().keySet()) {
            packageGauges.computeIfAbsent(pkg, p -> {
                Gauge.builder("node.actuator.power.limit.watts", last, v -> {
                            PackageLimits limits = v.get().packages().get(p);
                            return limits == null || !limits.longTerm().enabled() ? Double.NaN : limits.longTerm().watts();
                        })
                        .description("Long-term (PL1) power limit in force, by package").tags("package", p).register(registry);
                return true;
            });
        }
    }
}
