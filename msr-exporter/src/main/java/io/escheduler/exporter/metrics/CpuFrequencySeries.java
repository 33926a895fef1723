package io.escheduler.exporter.metrics;

import io.escheduler.exporter.config.ExporterConfig.FrequencyMetrics;
import io.escheduler.exporter.sampling.NodeReadings;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code cpu_frequency_*} gauges, per package (the default) or per CPU. Per package:
 * {@code cpu_frequency_hertz} is the mean of its CPUs' frequencies now, {@code cpu_frequency_max_hertz}
 * the lowest ceiling in force among them (a ceiling lowered on some CPUs shows), and
 * {@code cpu_frequency_hardware_max_hertz} the highest hardware maximum: what {@code avg}, {@code min}
 * and {@code max by (node)} of the per-CPU series give, in three series per package instead of three
 * per CPU. A CPU whose read failed is left out of its package's figures (NaN when every one failed).
 */
final class CpuFrequencySeries {

    private static final String CURRENT = "cpu.frequency.hertz";
    private static final String CURRENT_HELP = "Current CPU frequency (cpufreq scaling_cur_freq)";
    private static final String CEILING = "cpu.frequency.max.hertz";
    private static final String CEILING_HELP = "Frequency ceiling in force (cpufreq scaling_max_freq)";
    private static final String HARDWARE = "cpu.frequency.hardware.max.hertz";
    private static final String HARDWARE_HELP = "Highest frequency the CPU supports (cpufreq cpuinfo_max_freq)";

    private CpuFrequencySeries() {
    }

    static void register(MeterRegistry registry, NodeReadings readings, CpuTopology topology, FrequencyMetrics detail) {
        List<CpuFreqPolicy> cpus = readings.cpus();
        if (detail == FrequencyMetrics.CPU) {
            for (int i = 0; i < cpus.size(); i++) {
                register(registry, readings, Tags.of("cpu", Integer.toString(cpus.get(i).cpu())), new int[] {i}, cpus.get(i).hardwareMaxKhz(),
                        " of the CPU");
            }
            return;
        }
        Map<Integer, Integer> packageOf = new TreeMap<>();
        for (Cpu cpu : topology.cpus()) {
            packageOf.put(cpu.id(), cpu.packageId());
        }
        Map<Integer, List<Integer>> indices = new TreeMap<>();
        for (int i = 0; i < cpus.size(); i++) {
            indices.computeIfAbsent(packageOf.getOrDefault(cpus.get(i).cpu(), 0), p -> new ArrayList<>()).add(i);
        }
        indices.forEach((pkg, members) -> {
            int[] index = members.stream().mapToInt(Integer::intValue).toArray();
            long hardwareMax = members.stream().mapToLong(i -> cpus.get(i).hardwareMaxKhz()).max().orElse(-1);
            register(registry, readings, Tags.of("package", Integer.toString(pkg)), index, hardwareMax,
                    ": mean, lowest ceiling, highest maximum over the package's CPUs");
        });
    }

    private static void register(MeterRegistry registry, NodeReadings readings, Tags tags, int[] index, long hardwareMaxKhz, String over) {
        Gauge.builder(CURRENT, readings, r -> meanHertz(r.current().currentKhz(), index))
                .description(CURRENT_HELP + over).tags(tags).register(registry);
        Gauge.builder(CEILING, readings, r -> lowestHertz(r.current().ceilingKhz(), index))
                .description(CEILING_HELP + over).tags(tags).register(registry);
        double hardwareMax = hardwareMaxKhz < 0 ? Double.NaN : hardwareMaxKhz * 1000.0;
        Gauge.builder(HARDWARE, () -> hardwareMax)
                .description(HARDWARE_HELP + over).tags(tags).register(registry);
    }

    /** The mean in Hz of {@code khz} at {@code index}, reads that failed (negative) left out; NaN when all failed. */
    static double meanHertz(long[] khz, int[] index) {
        long sum = 0;
        int n = 0;
        for (int i : index) {
            if (khz[i] >= 0) {
                sum += khz[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum * 1000.0 / n;
    }

    /** The lowest in Hz of {@code khz} at {@code index}, reads that failed (negative) left out; NaN when all failed. */
    static double lowestHertz(long[] khz, int[] index) {
        long lowest = Long.MAX_VALUE;
        for (int i : index) {
            if (khz[i] >= 0 && khz[i] < lowest) {
                lowest = khz[i];
            }
        }
        return lowest == Long.MAX_VALUE ? Double.NaN : lowest * 1000.0;
    }
}
