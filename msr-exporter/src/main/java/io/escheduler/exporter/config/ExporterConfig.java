package io.escheduler.exporter.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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
     * The {@code cpu_frequency_*} series: {@code package} (three per package: the mean frequency of
     * its CPUs, the lowest ceiling in force among them, the highest hardware maximum), {@code cpu}
     * (the three for every CPU: 384 of 431 series on a 128-CPU node, and most of a scrape's cost) or
     * {@code off}. {@code true} and {@code false}, this key's values before, mean {@code cpu} and
     * {@code off}.
     */
    @WithDefault("package")
    @WithConverter(FrequencyMetrics.Converter.class)
    FrequencyMetrics cpuFrequencyMetrics();

    /** Energy sources. */
    enum Source {
        AUTO, MSR, PERF, POWERCAP
    }

    /** How {@code cpu_frequency_*} is exported. */
    enum FrequencyMetrics {
        PACKAGE, CPU, OFF;

        /** {@code package}, {@code cpu}, {@code off}, and the old boolean values {@code true} (cpu) and {@code false} (off). */
        @RegisterForReflection
        public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<FrequencyMetrics> {

            @Override
            public FrequencyMetrics convert(String value) {
                String text = value.strip().toLowerCase(Locale.ROOT);
                return switch (text) {
                    case "package" -> PACKAGE;
                    case "cpu", "true" -> CPU;
                    case "off", "false" -> OFF;
                    default -> throw new IllegalArgumentException("msr-exporter.cpu-frequency-metrics: '" + value
                            + "' is not package, cpu or off");
                };
            }
        }
    }
}
