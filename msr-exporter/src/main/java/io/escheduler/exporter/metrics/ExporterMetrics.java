package io.escheduler.exporter.metrics;

import io.escheduler.exporter.sampling.ExporterHardware;
import io.escheduler.exporter.sampling.NodeReadings;
import io.escheduler.hardware.RaplSources;
import io.escheduler.hardware.energy.EnergyMeter;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.rapl.PackagePower;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitRegister;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.procfs.CpuTimes;
import io.escheduler.hardware.rapl.ZonePowerLimits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Registers the exporter's series (docs/architecture.md, "Metrics") once the hardware is open and its first
 * sample taken, then tells the {@link SeriesGate}. Every value is taken from {@link NodeReadings#current()},
 * so one scrape reads the hardware once; the functions the scrape calls allocate nothing of their own.
 */
@ApplicationScoped
public class ExporterMetrics {

    private static final Logger LOG = Logger.getLogger(ExporterMetrics.class);

    private final ExporterHardware hardware;
    private final MeterRegistry registry;
    private final SeriesGate gate;

    public ExporterMetrics(ExporterHardware hardware, MeterRegistry registry, SeriesGate gate) {
        this.hardware = hardware;
        this.registry = registry;
        this.gate = gate;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            hardware.open();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // one readable message, not a stack trace: no source works, or a setting is wrong
            LOG.error(e.getMessage());
            Quarkus.asyncExit(1);
            return;
        }
        NodeReadings readings = hardware.readings();
        registerEnergy(readings);
        registerLimits(readings);
        CpuFrequencySeries.register(registry, readings, hardware.opened().topology(), hardware.frequencyMetrics());
        registerCpuTimes(readings);
        registerInfo(hardware.opened());
        gate.seriesRegistered();
    }

    void onStop(@Observes ShutdownEvent event) {
        hardware.close();
    }

    private void registerEnergy(NodeReadings readings) {
        Map<RaplDomain, List<ZoneKey>> domains = new EnumMap<>(RaplDomain.class);
        for (ZoneKey key : readings.meter().keys()) {
            domains.computeIfAbsent(key.domain(), d -> new ArrayList<>()).add(key);
            FunctionCounter.builder("rapl.energy.joules", readings, r -> r.current().energy().joules(key))
                    .description("RAPL energy counter, wraps of the hardware counter accumulated (never decreases)")
                    .baseUnit("joules")
                    .tags(zoneTags(key))
                    .register(registry);
        }
        domains.forEach((domain, keys) -> FunctionCounter.builder("msr.exporter.read.errors", readings, r -> energyErrors(r, keys))
                .description("Failed reads by domain; a failing energy counter keeps its last value")
                .tags("domain", domain.label())
                .register(registry));
        for (String category : List.of("limits", "cpufreq", "procstat")) {
            FunctionCounter.builder("msr.exporter.read.errors", readings, r -> r.readErrors(category))
                    .description("Failed reads by domain; a failing energy counter keeps its last value")
                    .tags("domain", category)
                    .register(registry);
        }
    }

    private static double energyErrors(NodeReadings readings, List<ZoneKey> keys) {
        EnergyMeter.Snapshot snapshot = readings.current().energy();
        long errors = 0;
        for (ZoneKey key : keys) {
            errors += snapshot.readErrors(key);
        }
        return errors;
    }

    private void registerLimits(NodeReadings readings) {
        if (readings.limitReader().isEmpty()) {
            LOG.info("no power-limit registers on this node: rapl_power_limit_* not exported");
            return;
        }
        List<ZonePowerLimits> present;
        try {
            present = readings.limitReader().get().readLimits();
        } catch (IOException e) {
            LOG.warnf("power limits cannot be read: rapl_power_limit_* not exported (%s)", e.getMessage());
            return;
        }
        for (ZonePowerLimits zone : present) {
            limitGauges(readings, zone.key(), "long", PowerLimitRegister::longTerm);
            if (zone.limits().shortTerm().isPresent()) {
                limitGauges(readings, zone.key(), "short", r -> r.shortTerm().orElse(null));
            }
        }
        for (PackagePower power : readings.limitReader().get().packagePower()) {
            Tags tags = Tags.of("package", power.packageId());
            if (power.thermalSpecWatts() > 0) {
                Gauge.builder("rapl.thermal.design.power.watts", power, PackagePower::thermalSpecWatts)
                        .description("Thermal design power of the package (MSR_PKG_POWER_INFO, or powercap's long-term max_power_uw)")
                        .tags(tags).register(registry);
            }
            if (power.maxWatts() > 0) {
                Gauge.builder("rapl.max.power.watts", power, PackagePower::maxWatts)
                        .description("Highest power limit the package accepts (MSR_PKG_POWER_INFO, or powercap's short-term max_power_uw)")
                        .tags(tags).register(registry);
            }
        }
    }

    private void limitGauges(NodeReadings readings, ZoneKey key, String window,
                             Function<PowerLimitRegister, PowerLimit> pick) {
        Tags tags = zoneTags(key).and("window", window);
        Gauge.builder("rapl.power.limit.watts", readings, limit(key, pick, PowerLimit::watts))
                .description("RAPL power limit in force (window=long: PL1, short: PL2)").tags(tags).register(registry);
        Gauge.builder("rapl.power.limit.enabled", readings, limit(key, pick, l -> l.enabled() ? 1 : 0))
                .description("1 when the RAPL power limit is enforced").tags(tags).register(registry);
        Gauge.builder("rapl.power.limit.window.seconds", readings, limit(key, pick, PowerLimit::windowSeconds))
                .description("Averaging time window of the RAPL power limit").tags(tags).register(registry);
    }

    private static ToDoubleFunction<NodeReadings> limit(ZoneKey key, Function<PowerLimitRegister, PowerLimit> pick,
                                                        ToDoubleFunction<PowerLimit> field) {
        return readings -> {
            PowerLimitRegister register = readings.current().limits().get(key);
            PowerLimit limit = register == null ? null : pick.apply(register);
            return limit == null ? Double.NaN : field.applyAsDouble(limit);
        };
    }

    private void registerCpuTimes(NodeReadings readings) {
        String help = "CPU time of the node summed over all CPUs, from /proc/stat (busy: user+nice+system+irq+softirq+steal; idle: idle+iowait)";
        FunctionCounter.builder("cpu.seconds", readings, r -> {
            CpuTimes times = r.current().cpuTimes();
            return times == null ? Double.NaN : times.busySeconds();
        }).description(help).baseUnit("seconds").tags("mode", "busy").register(registry);
        FunctionCounter.builder("cpu.seconds", readings, r -> {
            CpuTimes times = r.current().cpuTimes();
            return times == null ? Double.NaN : times.idleSeconds();
        }).description(help).baseUnit("seconds").tags("mode", "idle").register(registry);
    }

    private void registerInfo(RaplSources.Opened opened) {
        Gauge.builder("rapl.source.info", () -> 1)
                .description("Where RAPL is read from, and the CPU")
                .tags("source", opened.energy().kind().label(), "vendor", opened.cpu().vendor().label(), "model", opened.model())
                .register(registry);
    }

    /**
     * {@code package} and {@code domain}. PSys is platform-wide: its package is empty, which
     * Prometheus stores as no label at all (one series family must keep one set of label names).
     */
    private static Tags zoneTags(ZoneKey key) {
        return Tags.of("package", key.packageId(), "domain", key.domain().label());
    }
}
