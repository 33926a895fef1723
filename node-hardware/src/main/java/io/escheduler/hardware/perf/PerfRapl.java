package io.escheduler.hardware.perf;

import io.escheduler.hardware.energy.EnergyCounter;
import io.escheduler.hardware.energy.EnergyZone;
import io.escheduler.hardware.energy.RaplSource;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuTopology;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RAPL energy read through the perf {@code power} PMU: one system-wide counting event
 * ({@code pid} -1) per energy event and per CPU of the PMU's {@code cpumask} (one CPU per package,
 * or per die), mapped to that CPU's package; {@code energy-psys} is platform-wide and opened once,
 * on the first {@code cpumask} CPU.
 *
 * <p>Counts are 64-bit, in the event's {@code .scale} unit (2^-32 J), and start at 0 when the event
 * opens, so the joules of a zone count from the moment this source was opened. The kernel's rule
 * for RAPL domains (one exists when its counter is not zero, as the MSR and powercap sources apply
 * at open) therefore waits for the first sampling interval, {@link #FIRST_INTERVAL} after the
 * events open: a counter still at 0 then is left out. The RAPL counters of real hardware advance
 * about every millisecond; a counter that does not is an event the kernel or a hypervisor offers
 * without counting (seen with {@code energy-psys} in virtual machines), whose 0 would read as
 * "no energy used". When every counter stays at 0 the source is unavailable.
 *
 * <p>Opening system-wide events needs {@code kernel.perf_event_paranoid} ≤ 0, root, or CAP_PERFMON.
 */
public final class PerfRapl implements RaplSource {

    private static final Logger LOG = Logger.getLogger(PerfRapl.class);

    /**
     * Power bound given to the zones. It only sets the sampling period derived from the counter's
     * range, and a 64-bit count of 2^-32 J holds 2^32 J: at this bound more than 49 days.
     */
    static final double MAX_WATTS = 1000;

    /**
     * How long after the open the counters are read to apply the non-zero rule: two hundred of
     * the hardware's ~1 ms updates, short enough for start-up.
     */
    public static final Duration FIRST_INTERVAL = Duration.ofMillis(200);

    private final PerfPowerPmu pmu;
    private final List<PerfCounter> counters;
    private final List<EnergyZone> zones;

    private PerfRapl(PerfPowerPmu pmu, List<PerfCounter> counters, List<EnergyZone> zones) {
        this.pmu = pmu;
        this.counters = List.copyOf(counters);
        this.zones = List.copyOf(zones);
    }

    /**
     * Opens the energy events of the {@code power} PMU.
     *
     * @param sysfsRoot  where sysfs is mounted; the PMU is read from {@code bus/event_source/devices/power} under it
     * @param procfsRoot where procfs is mounted; {@code sys/kernel/perf_event_paranoid} is read under it to explain refusals
     * @param topology   the node's CPUs, to map each {@code cpumask} CPU to its package
     * @throws SourceUnavailableException when the kernel has no power PMU, its description is malformed,
     *                                    this is not x86_64 Linux, or no event opens (the message gives the
     *                                    first failure and {@code kernel.perf_event_paranoid})
     */
    public static PerfRapl open(Path sysfsRoot, Path procfsRoot, CpuTopology topology) throws SourceUnavailableException {
        PerfPowerPmu pmu;
        try {
            pmu = PerfPowerPmu.read(sysfsRoot);
        } catch (SourceUnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw new SourceUnavailableException(SourceKind.PERF, "cannot read the perf power PMU: " + e.getMessage(), e);
        }
        PerfEventOpen perf;
        try {
            perf = new PerfEventOpen(procfsRoot);
        } catch (UnsupportedOperationException e) {
            throw new SourceUnavailableException(SourceKind.PERF, e.getMessage(), e);
        }
        Map<Integer, Integer> packageOf = new HashMap<>();
        for (Cpu cpu : topology.cpus()) {
            packageOf.put(cpu.id(), cpu.packageId());
        }

        List<PerfCounter> counters = new ArrayList<>();
        List<EnergyZone> zones = new ArrayList<>();
        IOException firstFailure = null;
        try {
            events:
            for (PowerEvent event : pmu.events()) {
                List<Integer> cpus = event.domain().platformWide() ? List.of(pmu.cpumask().get(0)) : pmu.cpumask();
                for (int cpu : cpus) {
                    ZoneKey key;
                    if (event.domain().platformWide()) {
                        key = ZoneKey.platform(event.domain());
                    } else if (packageOf.containsKey(cpu)) {
                        key = ZoneKey.of(packageOf.get(cpu), event.domain());
                    } else {
                        LOG.warnf("perf power/%s: CPU %d of %s is not an online CPU of the topology: skipped",
                                event.name(), cpu, pmu.directory().resolve("cpumask"));
                        continue;
                    }
                    try {
                        PerfCounter counter = openConfirmed(perf, pmu, event, cpu);
                        counters.add(counter);
                        zones.add(new EnergyZone(key, counter.description(), EnergyCounter.ofBits(64, event.joulesPerCount()),
                                MAX_WATTS, counter::read));
                    } catch (IOException e) {
                        if (firstFailure == null) {
                            firstFailure = e;
                        }
                        LOG.infof("%s: left out, %s", key, e.getMessage());
                        if (e instanceof PerfException perfError && perfError.permissionDenied()) {
                            break events; // every other system-wide event is refused the same way
                        }
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) { // JNA cannot load its dispatch library or libc
            counters.forEach(PerfCounter::close);
            throw new SourceUnavailableException(SourceKind.PERF, "cannot call perf_event_open through JNA: " + e, e);
        }
        if (!zones.isEmpty()) {
            zones = counting(zones, counters);
        }
        if (zones.isEmpty()) {
            String reason = firstFailure == null ? "no event to open" : firstFailure.getMessage();
            if (!reason.contains("perf_event_paranoid")) {
                reason += " (kernel.perf_event_paranoid is " + perf.paranoid() + ")";
            }
            throw new SourceUnavailableException(SourceKind.PERF, "no perf power event of " + pmu.directory()
                    + " opens: " + reason, firstFailure);
        }
        LOG.infof("perf power PMU (type %d) at %s: %d counters on CPUs %s", pmu.type(), pmu.directory(), zones.size(), pmu.cpumask());
        return new PerfRapl(pmu, counters, zones);
    }

    /**
     * The zones whose counter has moved {@link #FIRST_INTERVAL} after the open; the counters of the
     * others are closed and each is logged.
     *
     * @throws SourceUnavailableException when none has moved (every counter is closed)
     */
    private static List<EnergyZone> counting(List<EnergyZone> opened, List<PerfCounter> counters) throws SourceUnavailableException {
        try {
            Thread.sleep(FIRST_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.forEach(PerfCounter::close);
            throw new SourceUnavailableException(SourceKind.PERF, "interrupted while waiting for the first perf counts", e);
        }
        List<EnergyZone> moving = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (int i = 0; i < opened.size(); i++) {
            EnergyZone zone = opened.get(i);
            long count;
            try {
                count = zone.reader().read();
            } catch (IOException e) {
                count = 0;
            }
            if (count != 0) {
                moving.add(zone);
            } else {
                counters.get(i).close();
                still.add(zone.location());
                LOG.infof("%s: left out, its counter is still 0 %d ms after it opened (a RAPL domain exists only when its counter is not zero)",
                        zone.key(), FIRST_INTERVAL.toMillis());
            }
        }
        if (moving.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.PERF, "every perf power counter is still 0 " + FIRST_INTERVAL.toMillis()
                    + " ms after it opened (" + String.join(", ", still) + "): the kernel or a hypervisor offers the events "
                    + "without counting, as in a virtual machine; a RAPL domain exists only when its counter is not zero");
        }
        counters.removeIf(counter -> counter.fd() < 0);
        return moving;
    }

    /** Opens one event and reads it once; a counter whose first read fails is closed again. */
    private static PerfCounter openConfirmed(PerfEventOpen perf, PerfPowerPmu pmu, PowerEvent event, int cpu) throws IOException {
        PerfCounter counter = perf.open(PerfEventAttr.counting(pmu.type(), event.config()), PerfEventOpen.ALL_TASKS, cpu,
                "perf power/" + event.name() + " on CPU " + cpu);
        try {
            counter.read();
            return counter;
        } catch (IOException e) {
            counter.close();
            throw e;
        }
    }

    public PerfPowerPmu pmu() {
        return pmu;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.PERF;
    }

    @Override
    public List<EnergyZone> zones() {
        return zones;
    }

    /** Closes every event's file descriptor; reading a zone afterwards fails. */
    @Override
    public void close() {
        counters.forEach(PerfCounter::close);
    }
}
