package io.escheduler.hardware.rapl;

import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.msr.MsrException;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.escheduler.hardware.topology.CpuVendor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.escheduler.hardware.rapl.IntelRaplRegisters.MSR_PKG_POWER_INFO;
import static io.escheduler.hardware.rapl.IntelRaplRegisters.MSR_PKG_POWER_LIMIT;
import static io.escheduler.hardware.rapl.IntelRaplRegisters.MSR_RAPL_POWER_UNIT;

/**
 * Package power limits in {@code MSR_PKG_POWER_LIMIT} (0x610) through the MSR devices, Intel only.
 * The register is package scope: it is read and written on each package's lowest-numbered CPU.
 * Units come from 0x606 (read once at open, with the model's quirks), bounds from
 * {@code MSR_PKG_POWER_INFO} (0x614).
 *
 * <p>A write is a read-modify-write of the whole register that keeps every bit outside the limit
 * fields (reserved bits, the lock), followed by a read-back that must equal the written value
 * exactly. Takes ownership of the devices: {@link #close()} closes them.
 */
public final class MsrPowerLimitControl implements PowerLimitControl {

    private static final Logger LOG = Logger.getLogger(MsrPowerLimitControl.class);

    private static final int LOCK_BIT = 63;
    private static final int MAX_WINDOW_FIELD = (int) PowerLimitRegister.WINDOW_MASK;

    /** One package: where its register is, its units and bounds. */
    private record Package(String id, int cpu, RaplUnits units, LimitBounds bounds) {
    }

    private final MsrDevices devices;
    private final Map<String, Package> packages;

    private MsrPowerLimitControl(MsrDevices devices, Map<String, Package> packages) {
        this.devices = devices;
        this.packages = packages;
    }

    /**
     * Reads units and bounds of every package; {@code devices} must be opened writable for
     * {@link #write} to work.
     *
     * @throws SourceUnavailableException when the CPU is not an Intel part with RAPL (AMD has no
     *                                    power-limit registers), or 0x606 or 0x610 does not read
     */
    public static MsrPowerLimitControl open(MsrDevices devices, CpuTopology topology, CpuIdentity cpu) throws SourceUnavailableException {
        if (cpu.vendor() == CpuVendor.AMD || cpu.vendor() == CpuVendor.HYGON) {
            devices.close();
            throw new SourceUnavailableException(SourceKind.MSR, String.format("RAPL power capping is unavailable on %s: the CPU has no "
                    + "power-limit registers (%s, family %Xh, reports energy only)", cpu.vendor() == CpuVendor.AMD ? "AMD" : "Hygon",
                    cpu.modelName(), cpu.family()));
        }
        Optional<RaplModel> model = RaplModels.lookup(cpu).filter(m -> m.vendor() == CpuVendor.INTEL);
        if (model.isEmpty()) {
            devices.close();
            throw new SourceUnavailableException(SourceKind.MSR, String.format("RAPL power capping is unavailable: CPU %s family %Xh "
                    + "model %Xh (%s) has no RAPL power-limit register (Intel family 6 from Sandy Bridge)",
                    cpu.vendorId(), cpu.family(), cpu.model(), cpu.modelName()));
        }
        Map<String, Package> packages = new LinkedHashMap<>();
        try {
            for (Map.Entry<Integer, Cpu> entry : topology.firstCpuOfEachPackage().entrySet()) {
                String id = Integer.toString(entry.getKey());
                int first = entry.getValue().id();
                RaplUnits units = model.get().unitsFor(RaplDomain.PACKAGE, devices.read(first, MSR_RAPL_POWER_UNIT));
                devices.read(first, MSR_PKG_POWER_LIMIT);
                packages.put(id, new Package(id, first, units, bounds(powerInfo(devices, first, id), units)));
            }
        } catch (MsrException e) {
            devices.close();
            throw new SourceUnavailableException(SourceKind.MSR, e.getMessage(), e);
        }
        LOG.infof("RAPL package power limits through MSR 0x%X on %s: packages %s", MSR_PKG_POWER_LIMIT, devices.pattern(), packages.keySet());
        return new MsrPowerLimitControl(devices, packages);
    }

    /** The raw power-info register, or 0 (nothing reported) when it does not read. */
    private static long powerInfo(MsrDevices devices, int cpu, String pkg) throws MsrException {
        try {
            return devices.read(cpu, MSR_PKG_POWER_INFO);
        } catch (MsrException e) {
            if (e.deviceUnusable()) {
                throw e;
            }
            LOG.infof("package %s: no power info, bounds are the register's range (%s)", pkg, e.getMessage());
            return 0;
        }
    }

    /**
     * Bounds from a raw 0x614 value. Fields of 0 are not reported by the part: minimum power then
     * falls back to one power unit, maximum power to the largest the 15-bit field holds, the TDP
     * (maximum long-term limit) to the maximum power, the maximum window to the largest encodable.
     * The minimum window is always the smallest encodable (one time unit).
     */
    static LimitBounds bounds(long powerInfoRaw, RaplUnits units) {
        PowerInfo info = PowerInfo.decode(powerInfoRaw, units);
        double registerMax = PowerLimitRegister.POWER_MASK * units.wattsPerCount();
        double maxShortTerm = info.maxWatts() > 0 ? info.maxWatts() : registerMax;
        double maxLongTerm = info.thermalSpecWatts() > 0 ? info.thermalSpecWatts() : maxShortTerm;
        double min = info.minWatts() > 0 ? info.minWatts() : units.wattsPerCount();
        boolean windowReported = (powerInfoRaw >>> 48 & 0x3F) != 0;
        double maxWindow = windowReported ? info.maxWindowSeconds() : PowerLimitRegister.decodeWindow(MAX_WINDOW_FIELD, units);
        return new LimitBounds(min, maxLongTerm, maxShortTerm, PowerLimitRegister.decodeWindow(0, units), maxWindow, units.wattsPerCount());
    }

    @Override
    public String kind() {
        return "msr";
    }

    @Override
    public List<String> packages() {
        return List.copyOf(packages.keySet());
    }

    @Override
    public PackageLimits read(String pkg) throws IOException {
        Package p = find(pkg);
        return PackageLimits.of(p.id(), PowerLimitRegister.decode(devices.read(p.cpu(), MSR_PKG_POWER_LIMIT), p.units(), true));
    }

    @Override
    public LimitBounds bounds(String pkg) {
        return find(pkg).bounds();
    }

    /**
     * Read-modify-write of 0x610: PL1 always, PL2 when given (else its bits are kept), every other
     * bit kept. Watts are rounded to the nearest power unit, windows to the nearest 2^Y·(1+F/4)
     * time units.
     *
     * @throws IllegalArgumentException   when a value is not finite, watts lie outside 0 to 0x7FFF power
     *                                    units, or a window lies outside one time unit to the largest encodable
     * @throws LimitLockedException       when bit 63 is set; nothing is written
     * @throws LimitVerificationException when the register reads back other than written
     */
    @Override
    public PackageLimits write(String pkg, PowerLimit longTerm, Optional<PowerLimit> shortTerm) throws IOException {
        Package p = find(pkg);
        checkEncodable(longTerm, "long-term", p.units());
        shortTerm.ifPresent(limit -> checkEncodable(limit, "short-term", p.units()));
        long raw = devices.read(p.cpu(), MSR_PKG_POWER_LIMIT);
        if ((raw >>> LOCK_BIT & 1) == 1) {
            throw new LimitLockedException(String.format("%s: package %s power limits are locked (bit 63 of 0x%016X, set by firmware "
                    + "until the next reset): the hardware would ignore a write, none was made", where(p), p.id(), raw));
        }
        long wanted = PowerLimitRegister.withLimit(raw, 0, longTerm, p.units());
        if (shortTerm.isPresent()) {
            wanted = PowerLimitRegister.withLimit(wanted, 1, shortTerm.get(), p.units());
        }
        devices.write(p.cpu(), MSR_PKG_POWER_LIMIT, wanted);
        long back = devices.read(p.cpu(), MSR_PKG_POWER_LIMIT);
        if (back != wanted) {
            throw new LimitVerificationException(String.format("%s: package %s: wrote 0x%016X (%s), read back 0x%016X (%s)",
                    where(p), p.id(), wanted, describe(wanted, p.units()), back, describe(back, p.units())));
        }
        LOG.debugf("%s: package %s limits now 0x%016X (%s)", where(p), p.id(), back, describe(back, p.units()));
        return PackageLimits.of(p.id(), PowerLimitRegister.decode(back, p.units(), true));
    }

    private static void checkEncodable(PowerLimit limit, String which, RaplUnits units) {
        if (!Double.isFinite(limit.watts()) || !Double.isFinite(limit.windowSeconds())) {
            throw new IllegalArgumentException(which + " limit must be finite, got " + limit);
        }
        PowerLimitRegister.encodeWatts(limit.watts(), units); // refuses what 15 bits cannot hold
        double shortest = PowerLimitRegister.decodeWindow(0, units);
        double longest = PowerLimitRegister.decodeWindow(MAX_WINDOW_FIELD, units);
        if (limit.windowSeconds() < shortest || limit.windowSeconds() > longest) {
            throw new IllegalArgumentException(String.format("%s window %s s cannot be encoded: the register holds %s to %s s",
                    which, limit.windowSeconds(), shortest, longest));
        }
    }

    private String where(Package p) {
        return String.format("MSR 0x%X on CPU %d (%s)", MSR_PKG_POWER_LIMIT, p.cpu(), devices.path(p.cpu()));
    }

    private static String describe(long raw, RaplUnits units) {
        PowerLimitRegister r = PowerLimitRegister.decode(raw, units, true);
        return "PL1 " + PackageLimits.describe(r.longTerm()) + "; PL2 " + PackageLimits.describe(r.shortTerm().orElseThrow())
                + (r.locked() ? "; locked" : "");
    }

    private Package find(String pkg) {
        Package p = packages.get(pkg);
        if (p == null) {
            throw new IllegalArgumentException("no package '" + pkg + "': this node has packages " + packages.keySet());
        }
        return p;
    }

    @Override
    public void close() {
        devices.close();
    }
}
