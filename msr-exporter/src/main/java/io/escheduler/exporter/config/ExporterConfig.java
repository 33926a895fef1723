package io.escheduler.exporter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the exporter ({@code msr-exporter.*}; environment variables
 * {@code MSR_EXPORTER_*}). The seed's {@code msr_exporter.yaml} may supply {@code address} and
 * {@code interface} too: see {@link SeedConfigSourceFactory}.
 */
@ConfigMapping(prefix = "msr-exporter")
public interface ExporterConfig {

    /** Default listen address: all interfaces, port 9863. */
    String DEFAULT_ADDRESS = "0.0.0.0:9863";

    /**
     * {@code host:port} the metrics are served on (the seed's {@code Address}); {@code :port} means
     * every interface. Applied to the HTTP server before it starts.
     */
    @WithDefault(DEFAULT_ADDRESS)
    String address();

    /**
     * MSR device path with {@code %d} for the CPU number (the seed's {@code Interface}):
     * {@code /dev/cpu/%d/msr} (kernel msr driver) or {@code /dev/cpu/%d/msr_safe} (LLNL msr-safe).
     */
    @WithName("interface")
    @WithDefault("/dev/cpu/%d/msr")
    String devicePattern();

    /** Where energy is read: {@code auto} tries msr, perf and powercap in that order. */
    @WithDefault("auto")
    Source source();

    /** Root of sysfs (topology, cpufreq, powercap, perf PMU description). */
    @WithDefault("/sys")
    Path sysfsRoot();

    /** Root of procfs ({@code cpuinfo}, {@code stat}, {@code sys/kernel/hostname}). */
    @WithDefault("/proc")
    Path procfsRoot();

    /** The {@code node} label of every series; default: the host name. */
    Optional<String> nodeName();

    /**
     * The seed's YAML file ({@code Address}, {@code Interface}). Default: {@code msr_exporter.yaml}
     * in the working directory, read when it exists; a file named here must exist.
     */
    Optional<Path> configFile();

    /**
     * How often the energy counters are read in the background so that no hardware wrap is missed
     * between scrapes. Default: a quarter of the fastest counter's wrap period at its maximum power,
     * within 1 s..60 s. A value above half the wrap period is refused.
     */
    Optional<Duration> sampleInterval();

    /**
     * Export {@code cpu_frequency_*} for every CPU. Three series per CPU are most of a large node's
     * series (384 of 421 on a 128-CPU node) and of the exporter's cost; turn them off where the
     * DVFS policy is not used.
     */
    @WithDefault("true")
    boolean cpuFrequencyMetrics();

    /** Energy sources. */
    enum Source {
        AUTO, MSR, PERF, POWERCAP
    }
}
