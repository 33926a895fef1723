package io.escheduler.actuator.control;

import io.escheduler.actuator.baseline.Baseline;
import io.escheduler.actuator.baseline.CpuSetting;
import io.escheduler.actuator.baseline.PackageSetting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Whether the node runs below its baseline, from what the hardware holds now: a CPU's ceiling
 * under its baseline ceiling ({@code cpufreq}), or a package's enforced long-term limit under its
 * baseline limit, or enforced where the baseline had none ({@code power-limit}).
 *
 * @param reasons          {@code cpufreq} and/or {@code power-limit}; empty when not throttled
 * @param lowestCeilingKhz the lowest ceiling in force over the CPUs, if the node has cpufreq
 * @param powerLimitWatts  the sum of the enforced long-term package limits, if any is enforced
 */
public record Throttle(List<String> reasons, OptionalLong lowestCeilingKhz, OptionalDouble powerLimitWatts) {

    public boolean throttled() {
        return !reasons.isEmpty();
    }

    public static Throttle of(Baseline baseline, Map<Integer, CpuSetting> cpus, Map<String, PackageSetting> packages) {
        List<String> reasons = new ArrayList<>();
        boolean slowed = cpus.entrySet().stream().anyMatch(e -> {
            CpuSetting base = baseline.cpus().get(e.getKey());
            return base != null && e.getValue().ceilingKhz() < base.ceilingKhz();
        });
        if (slowed) {
            reasons.add("cpufreq");
        }
        boolean capped = packages.entrySet().stream().anyMatch(e -> {
            PackageSetting base = baseline.packages().get(e.getKey());
            var now = e.getValue().longTerm();
            return base != null && now.enabled() && (!base.longTerm().enabled() || now.watts() < base.longTerm().watts());
        });
        if (capped) {
            reasons.add("power-limit");
        }
        OptionalLong lowest = cpus.values().stream().mapToLong(CpuSetting::ceilingKhz).min();
        List<Double> enforced = packages.values().stream().filter(p -> p.longTerm().enabled()).map(p -> p.longTerm().watts()).toList();
        OptionalDouble limit = enforced.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(enforced.stream().mapToDouble(Double::doubleValue).sum());
        return new Throttle(List.copyOf(reasons), lowest, limit);
    }
}
