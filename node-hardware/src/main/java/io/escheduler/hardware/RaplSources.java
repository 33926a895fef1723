package io.escheduler.hardware;

import io.escheduler.hardware.energy.RaplSource;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.perf.PerfRapl;
import io.escheduler.hardware.powercap.PowercapRapl;
import io.escheduler.hardware.rapl.MsrRapl;
import io.escheduler.hardware.rapl.PowerLimitReader;
import io.escheduler.hardware.rapl.RaplModels;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens the RAPL source of a node: the one asked for, or the first that works of msr, perf and
 * powercap. Power limits come from the MSRs when energy does, otherwise from powercap when it is
 * there.
 */
public final class RaplSources {

    private static final Logger LOG = Logger.getLogger(RaplSources.class);

    /** The search order of {@code auto}. */
    public static final List<SourceKind> AUTO_ORDER = List.of(SourceKind.MSR, SourceKind.PERF, SourceKind.POWERCAP);

    private RaplSources() {
    }

    /**
     * An opened node: its energy source, where its power limits are read (if anywhere), and what CPU it has.
     *
     * @param model the CPU's RAPL model name from the table, or its family/model when not in the table
     */
    public record Opened(RaplSource energy, Optional<PowerLimitReader> limits, CpuIdentity cpu, CpuTopology topology, String model)
            implements AutoCloseable {

        @Override
        public void close() {
            energy.close();
            limits.filter(l -> l != energy && l instanceof AutoCloseable).ifPresent(l -> {
                try {
                    ((AutoCloseable) l).close();
                } catch (Exception ignored) {
                    // read-only files
                }
            });
        }
    }

    /** No source could be opened; the message lists each one tried, why it failed and the fix. */
    public static final class NoUsableSourceException extends IOException {

        private final List<SourceUnavailableException> failures;

        NoUsableSourceException(List<SourceUnavailableException> failures) {
            super(message(failures));
            this.failures = List.copyOf(failures);
        }

        public List<SourceUnavailableException> failures() {
            return failures;
        }

        private static String message(List<SourceUnavailableException> failures) {
            StringBuilder text = new StringBuilder("no usable RAPL source on this node; tried:");
            for (SourceUnavailableException failure : failures) {
                text.append("\n  - ").append(failure.kind().label()).append(": ").append(failure.getMessage());
            }
            return text.toString();
        }
    }

    /**
     * @param requested the source to use, or empty for auto (msr, then perf, then powercap)
     * @throws NoUsableSourceException when none works
     * @throws IOException             when the node's topology or CPU identity cannot be read at all
     */
    public static Opened open(HardwareRoots roots, Optional<SourceKind> requested) throws IOException {
        CpuTopology topology = CpuTopology.read(roots.sysfs());
        CpuIdentity cpu = CpuIdentity.read(roots.procfs());
        String model = RaplModels.lookup(cpu).map(m -> m.name()).orElse(cpu.vendor().label() + "-" + cpu.familyModel());
        List<SourceKind> order = requested.map(List::of).orElse(AUTO_ORDER);
        List<SourceUnavailableException> failures = new ArrayList<>();
        for (SourceKind kind : order) {
            try {
                Opened opened = open(kind, roots, topology, cpu, model);
                LOG.infof("RAPL source: %s (%s %s, %d CPUs in %d packages)", kind.label(), cpu.vendorId(), model,
                        topology.cpus().size(), topology.byPackage().size());
                return opened;
            } catch (SourceUnavailableException e) {
                failures.add(e);
                if (requested.isEmpty()) {
                    LOG.infof("RAPL source %s unavailable: %s", kind.label(), e.getMessage());
                }
            }
        }
        throw new NoUsableSourceException(failures);
    }

    private static Opened open(SourceKind kind, HardwareRoots roots, CpuTopology topology, CpuIdentity cpu, String model)
            throws SourceUnavailableException {
        return switch (kind) {
            case MSR -> {
                MsrRapl msr = MsrRapl.open(new MsrDevices(roots.msrPattern(), false), topology, cpu);
                yield new Opened(msr, msr.readLimitsOrEmpty(), cpu, topology, model);
            }
            case PERF -> new Opened(PerfRapl.open(roots.sysfs(), roots.procfs(), topology), powercapLimits(roots), cpu, topology, model);
            case POWERCAP -> {
                PowercapRapl powercap = PowercapRapl.open(roots.sysfs());
                yield new Opened(powercap, Optional.of(powercap), cpu, topology, model);
            }
        };
    }

    private static Optional<PowerLimitReader> powercapLimits(HardwareRoots roots) {
        try {
            return Optional.of(PowercapRapl.open(roots.sysfs()));
        } catch (SourceUnavailableException e) {
            LOG.infof("no power limits: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
