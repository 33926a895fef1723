package io.escheduler.exporter.sampling;

import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import io.escheduler.hardware.energy.EnergyMeter;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.procfs.CpuTimes;
import io.escheduler.hardware.procfs.ProcStat;
import io.escheduler.hardware.rapl.PowerLimitReader;
import io.escheduler.hardware.rapl.PowerLimitRegister;
import io.escheduler.hardware.rapl.ZonePowerLimits;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one scrape exports, read together: energy, power limits, CPU frequencies and CPU
 * time. A scrape evaluates many meters; the first one reads the hardware and the others reuse that
 * reading while it is younger than {@link #MAX_AGE}, so one scrape costs one pass over the
 * registers and files, and concurrent scrapes share it.
 */
public final class NodeReadings {

    private static final Logger LOG = Logger.getLogger(NodeReadings.class);

    /** How long one reading serves: long enough to cover one scrape, far below any scrape interval. */
    static final Duration MAX_AGE = Duration.ofMillis(200);

    private final EnergyMeter meter;
    private final Optional<PowerLimitReader> limits;
    private final List<CpuFreqPolicy> cpus;
    private final ProcStat procStat;
    private final Map<String, AtomicLong> readErrors = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private volatile Reading last;

    /**
     * One pass over the hardware.
     *
     * @param currentKhz per CPU (index as in {@link #cpus()}), -1 where the read failed
     * @param ceilingKhz per CPU, -1 where the read failed
     * @param cpuTimes   null until /proc/stat was read once
     */
    public record Reading(long takenAtNanos, EnergyMeter.Snapshot energy, Map<ZoneKey, PowerLimitRegister> limits,
                          long[] currentKhz, long[] ceilingKhz, CpuTimes cpuTimes) {
    }

    public NodeReadings(EnergyMeter meter, Optional<PowerLimitReader> limits, List<CpuFreqPolicy> cpus, ProcStat procStat) {
        this.meter = meter;
        this.limits = limits;
        this.cpus = List.copyOf(cpus);
        this.procStat = procStat;
        for (String category : List.of("limits", "cpufreq", "procstat")) {
            readErrors.put(category, new AtomicLong());
        }
        this.last = read();
    }

    public EnergyMeter meter() {
        return meter;
    }

    public Optional<PowerLimitReader> limitReader() {
        return limits;
    }

    public List<CpuFreqPolicy> cpus() {
        return cpus;
    }

    /** Read errors outside the energy counters: {@code limits}, {@code cpufreq}, {@code procstat}. */
    public long readErrors(String category) {
        return readErrors.get(category).get();
    }

    /** A reading no older than {@link #MAX_AGE}. */
    public Reading current() {
        Reading reading = last;
        if (System.nanoTime() - reading.takenAtNanos() <= MAX_AGE.toNanos()) {
            return reading;
        }
        synchronized (this) {
            reading = last;
            if (System.nanoTime() - reading.takenAtNanos() <= MAX_AGE.toNanos()) {
                return reading;
            }
            last = read();
            return last;
        }
    }

    private synchronized Reading read() {
        EnergyMeter.Snapshot energy = meter.sample();
        Map<ZoneKey, PowerLimitRegister> limitValues = Map.of();
        if (limits.isPresent()) {
            try {
                Map<ZoneKey, PowerLimitRegister> values = new HashMap<>();
                for (ZonePowerLimits zone : limits.get().readLimits()) {
                    values.put(zone.key(), zone.limits());
                }
                limitValues = Collections.unmodifiableMap(values);
                recovered("limits");
            } catch (IOException e) {
                failed("limits", e);
                limitValues = last == null ? Map.of() : last.limits();
            }
        }
        long[] current = new long[cpus.size()];
        long[] ceiling = new long[cpus.size()];
        boolean cpufreqFailed = false;
        for (int i = 0; i < cpus.size(); i++) {
            try {
                current[i] = cpus.get(i).currentKhz();
                ceiling[i] = cpus.get(i).ceilingKhz();
            } catch (IOException e) {
                current[i] = -1;
                ceiling[i] = -1;
                cpufreqFailed = true;
                failed("cpufreq", e);
            }
        }
        if (!cpufreqFailed) {
            recovered("cpufreq");
        }
        CpuTimes times;
        try {
            times = procStat.read();
            recovered("procstat");
        } catch (IOException e) {
            failed("procstat", e);
            times = last == null ? null : last.cpuTimes();
        }
        return new Reading(System.nanoTime(), energy, limitValues, current, ceiling, times);
    }

    private void failed(String category, IOException e) {
        readErrors.get(category).incrementAndGet();
        if (failing.put(category, Boolean.TRUE) == null) {
            LOG.warnf("%s cannot be read: %s", category, e.getMessage());
        }
    }

    private void recovered(String category) {
        if (failing.remove(category) != null) {
            LOG.infof("%s reads again", category);
        }
    }
}
