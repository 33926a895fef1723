package io.escheduler.actuator.control;

import io.escheduler.actuator.baseline.CpuSetting;
import io.escheduler.hardware.cpufreq.CpuFreqPolicy;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cpufreq policies of the node's CPUs, written with read-back: each write is read back and
 * must hold exactly; on any failure the CPUs this call already changed are put back to their
 * previous settings. Callers serialise.
 */
public final class CpuFrequencies implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CpuFrequencies.class);

    private final SortedMap<Integer, CpuFreqPolicy> policies;

    public CpuFrequencies(List<CpuFreqPolicy> policies) {
        TreeMap<Integer, CpuFreqPolicy> byCpu = new TreeMap<>();
        policies.forEach(p -> byCpu.put(p.cpu(), p));
        this.policies = Collections.unmodifiableSortedMap(byCpu);
    }

    public boolean present() {
        return !policies.isEmpty();
    }

    public SortedMap<Integer, CpuFreqPolicy> policies() {
        return policies;
    }

    public CpuFreqPolicy policy(int cpu) {
        return policies.get(cpu);
    }

    public CpuSetting read(int cpu) throws IOException {
        CpuFreqPolicy policy = policies.get(cpu);
        return new CpuSetting(policy.ceilingKhz(), policy.governor());
    }

    public Map<Integer, CpuSetting> readAll() throws IOException {
        Map<Integer, CpuSetting> settings = new TreeMap<>();
        for (int cpu : policies.keySet()) {
            settings.put(cpu, read(cpu));
        }
        return settings;
    }

    /**
     * Writes {@code targets} CPU by CPU (governor first, then ceiling), each read back.
     *
     * @param previous the settings to put back on failure, for at least every CPU in {@code targets}
     * @throws InvalidRequestException when a value is refused before it is written; the CPUs written so far were rolled back
     * @throws WriteFailedException    when a write or read-back fails; the CPUs written so far were rolled back
     */
    public void apply(Map<Integer, CpuSetting> targets, Map<Integer, CpuSetting> previous) {
        List<Integer> touched = new ArrayList<>();
        for (Map.Entry<Integer, CpuSetting> target : targets.entrySet()) {
            int cpu = target.getKey();
            touched.add(cpu);
            try {
                write(cpu, target.getValue(), previous.get(cpu));
            } catch (IllegalArgumentException e) {
                // refused before the value was written (not a governor name, a ceiling that is not positive)
                List<String> rollbackErrors = rollback(touched, previous);
                if (!rollbackErrors.isEmpty()) {
                    throw new WriteFailedException("CPU " + cpu + ": " + e.getMessage(), e, rollbackErrors);
                }
                throw new InvalidRequestException(e.getMessage() + "; nothing was changed", Map.of("cpu", cpu));
            } catch (IOException | RuntimeException e) {
                List<String> rollbackErrors = rollback(touched, previous);
                throw new WriteFailedException("CPU " + cpu + ": " + e.getMessage(), e, rollbackErrors);
            }
        }
    }

    private void write(int cpu, CpuSetting target, CpuSetting before) throws IOException {
        CpuFreqPolicy policy = policies.get(cpu);
        if (before == null || !before.governor().equals(target.governor())) {
            policy.setGovernor(target.governor());
            String now = policy.governor();
            if (!now.equals(target.governor())) {
                throw new IOException(policy.directory().resolve("scaling_governor") + ": wrote " + target.governor() + ", reads back " + now);
            }
        }
        if (before == null || before.ceilingKhz() != target.ceilingKhz()) {
            policy.setCeilingKhz(target.ceilingKhz());
            long now = policy.ceilingKhz();
            if (now != target.ceilingKhz()) {
                throw new IOException(policy.directory().resolve("scaling_max_freq") + ": wrote " + target.ceilingKhz() + " kHz, reads back "
                        + now + " kHz");
            }
        }
    }

    private List<String> rollback(List<Integer> touched, Map<Integer, CpuSetting> previous) {
        List<String> errors = new ArrayList<>();
        for (int cpu : touched) {
            CpuSetting before = previous.get(cpu);
            try {
                write(cpu, before, read(cpu)); // writes only what differs
            } catch (IOException | RuntimeException e) {
                errors.add("CPU " + cpu + ": " + e.getMessage());
                LOG.errorf("CPU %d could not be put back to %s: %s", cpu, before, e.getMessage());
            }
        }
        return errors;
    }

    @Override
    public void close() {
        for (CpuFreqPolicy policy : policies.values()) {
            try {
                policy.close();
            } catch (IOException ignored) {
                // read handles only
            }
        }
    }
}
