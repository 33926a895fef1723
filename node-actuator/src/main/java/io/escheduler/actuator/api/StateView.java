package io.escheduler.actuator.api;

import io.escheduler.actuator.baseline.Baseline;
import io.escheduler.actuator.baseline.Change;
import io.escheduler.actuator.baseline.CpuChange;
import io.escheduler.actuator.baseline.CpuSetting;
import io.escheduler.actuator.baseline.PackageSetting;
import io.escheduler.actuator.control.Actuator;
import io.escheduler.actuator.control.PowerLimits;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.rapl.LimitBounds;
import io.escheduler.hardware.rapl.PackageLimits;
import io.escheduler.hardware.rapl.PowerLimit;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/state}. */
@RegisterForReflection
public record StateView(String node, boolean throttled, List<String> throttleReasons, Instant changedAt, List<CpuView> cpus,
                        PowerLimitsView powerLimits, Baseline baseline, ChangesView changes) {

    /** One CPU: frequencies in kHz. */
    @RegisterForReflection
    public record CpuView(int cpu, long currentKhz, long ceilingKhz, long hardwareMinKhz, long hardwareMaxKhz, String governor,
                          List<String> availableGovernors) {
    }

    /** The power-limit interface and each package's limits; {@code unavailable} says why there is none. */
    @RegisterForReflection
    public record PowerLimitsView(String interfaceName, String unavailable, List<PackageView> packages) {
    }

    /** One package: its limits in force, whether they are locked (null: unknown), and what may be set. */
    @RegisterForReflection
    public record PackageView(String packageId, PowerLimit longTerm, PowerLimit shortTerm, Boolean locked, LimitBounds bounds) {
    }

    /** The changes in force that differ from the baseline, with their expiry (per CPU, one per part: ceiling, governor). */
    @RegisterForReflection
    public record ChangesView(Map<Integer, CpuChange> cpus, Map<String, Change<PackageSetting>> packages) {
    }

    static StateView of(Actuator actuator, Actuator.View view) {
        List<CpuView> cpus = new ArrayList<>();
        for (Map.Entry<Integer, CpuSetting> cpu : view.cpus().entrySet()) {
            CpuFreqPolicy policy = actuator.cpus().policy(cpu.getKey());
            List<String> governors;
            try {
                governors = policy.availableGovernors();
            } catch (IOException e) {
                governors = List.of();
            }
            cpus.add(new CpuView(cpu.getKey(), view.currentKhz().get(cpu.getKey()), cpu.getValue().ceilingKhz(), policy.hardwareMinKhz(),
                    policy.hardwareMaxKhz(), cpu.getValue().governor(), governors));
        }
        PowerLimits limits = actuator.limits();
        List<PackageView> packages = new ArrayList<>();
        for (Map.Entry<String, PackageLimits> pkg : view.packages().entrySet()) {
            PackageLimits read = pkg.getValue();
            packages.add(new PackageView(pkg.getKey(), read.longTerm(), read.shortTerm().orElse(null), read.locked().orElse(null),
                    limits.bounds(pkg.getKey())));
        }
        return new StateView(view.node(), view.throttle().throttled(), view.throttle().reasons(), view.changedAt(), cpus,
                new PowerLimitsView(limits.kind(), limits.unavailableReason(), packages), view.state().baseline(),
                new ChangesView(view.state().cpuChanges(), view.state().limitChanges()));
    }
}
