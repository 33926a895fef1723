package io.escheduler.exporter.sampling;

import io.escheduler.exporter.config.ExporterConfig;
import io.escheduler.hardware.HardwareRoots;
import io.escheduler.hardware.RaplSources;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.energy.EnergyMeter;
import io.escheduler.hardware.energy.EnergyZone;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.procfs.ProcStat;
import io.escheduler.hardware.topology.Cpu;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Opens this node's hardware at start-up (the RAPL source, cpufreq, /proc/stat), samples the
 * energy counters in the background often enough that no wrap is missed, and closes everything at
 * shutdown. Start-up fails, and the process exits non-zero, when no RAPL source works.
 */
@ApplicationScoped
public class ExporterHardware {

    /** The last line when no RAPL source works: where to see the rest of EScheduler on such a machine. */
    static final String NO_RAPL_DEMO = "No RAPL on this machine (a VM, a cloud instance)? ./demo.sh in the EScheduler repository runs "
            + "every piece on simulated nodes: see the README's demo section.";

    private static final Logger LOG = Logger.getLogger(ExporterHardware.class);

    private final ExporterConfig config;
    private RaplSources.Opened opened;
    private NodeReadings readings;
    private ScheduledExecutorService sampler;
    private Duration sampleInterval;

    public ExporterHardware(ExporterConfig config) {
        this.config = config;
    }

    /** Opens the hardware; called once at start-up. */
    public synchronized void open() {
        if (readings != null) {
            return;
        }
        HardwareRoots roots = new HardwareRoots(config.sysfsRoot(), config.procfsRoot(), config.devicePattern());
        Optional<SourceKind> requested = config.source() == ExporterConfig.Source.AUTO ? Optional.empty()
                : Optional.of(SourceKind.valueOf(config.source().name()));
        try {
            opened = RaplSources.open(roots, requested);
        } catch (RaplSources.NoUsableSourceException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + NO_RAPL_DEMO, e);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        EnergyMeter meter = new EnergyMeter(opened.energy());
        sampleInterval = chooseSampleInterval(meter);
        readings = new NodeReadings(meter, opened.limits(), openCpufreq(), new ProcStat(config.procfsRoot()));

        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rapl-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long period = sampleInterval.toMillis();
        sampler.scheduleAtFixedRate(this::sampleQuietly, period, period, TimeUnit.MILLISECONDS);
        EnergyZone fastest = meter.fastestWrappingZone();
        LOG.infof("%d energy series from %s, sampled every %s (the fastest counter, %s, wraps in %.0f s at %.0f W)",
                meter.keys().size(), opened.energy().kind().label(), sampleInterval, fastest.key(),
                fastest.wrapPeriodSeconds(), fastest.maxWatts());
    }

    private Duration chooseSampleInterval(EnergyMeter meter) {
        Duration max = meter.maxSampleInterval();
        if (config.sampleInterval().isEmpty()) {
            return meter.defaultSampleInterval();
        }
        Duration configured = config.sampleInterval().get();
        if (configured.isNegative() || configured.isZero()) {
            throw new IllegalArgumentException("msr-exporter.sample-interval must be positive, got " + configured);
        }
        if (configured.compareTo(max) > 0) {
            EnergyZone fastest = meter.fastestWrappingZone();
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "msr-exporter.sample-interval=%s is longer than half the wrap period of %s (%.0f J at up to %.0f W wraps in %.0f s): "
                            + "wraps would be missed; use at most %s or leave it unset",
                    configured, fastest.key(), fastest.counter().rangeJoules(), fastest.maxWatts(), fastest.wrapPeriodSeconds(), max));
        }
        return configured;
    }

    private List<CpuFreqPolicy> openCpufreq() {
        List<CpuFreqPolicy> policies = new ArrayList<>();
        if (config.cpuFrequencyMetrics() == ExporterConfig.FrequencyMetrics.OFF) {
            LOG.info("msr-exporter.cpu-frequency-metrics=off: cpu_frequency_* not exported");
            return policies;
        }
        List<Cpu> cpus = opened.topology().cpus();
        if (!Files.isDirectory(CpuFreqPolicy.directory(config.sysfsRoot(), cpus.get(0).id()))) {
            LOG.infof("no cpufreq under %s: CPU frequency metrics are not exported (no cpufreq driver, or a VM)",
                    CpuFreqPolicy.directory(config.sysfsRoot(), cpus.get(0).id()));
            return policies;
        }
        for (Cpu cpu : cpus) {
            try {
                policies.add(CpuFreqPolicy.open(config.sysfsRoot(), cpu.id()));
            } catch (IOException e) {
                LOG.warnf("CPU %d: no frequency metrics (%s)", cpu.id(), e.getMessage());
            }
        }
        return policies;
    }

    private void sampleQuietly() {
        try {
            readings.meter().sample();
        } catch (RuntimeException e) {
            LOG.error("background sample failed", e);
        }
    }

    public NodeReadings readings() {
        return readings;
    }

    public RaplSources.Opened opened() {
        return opened;
    }

    public Duration sampleInterval() {
        return sampleInterval;
    }

    /** {@code package}, {@code cpu} or {@code off}: how the CPU frequencies are exported. */
    public ExporterConfig.FrequencyMetrics frequencyMetrics() {
        return config.cpuFrequencyMetrics();
    }

    /** Stops sampling and closes the devices. */
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (readings != null) {
            for (CpuFreqPolicy policy : readings.cpus()) {
                try {
                    policy.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
        if (opened != null) {
            opened.close();
        }
    }
}
