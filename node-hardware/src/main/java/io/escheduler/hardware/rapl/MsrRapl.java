package io.escheduler.hardware.rapl;

import io.escheduler.hardware.energy.EnergyCounter;
import io.escheduler.hardware.energy.EnergyZone;
import io.escheduler.hardware.energy.RaplSource;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.msr.MsrException;
import io.escheduler.hardware.topology.Cpu;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.escheduler.hardware.topology.CpuVendor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RAPL read straight from the MSR devices: energy counters of every domain the CPU has, and on
 * Intel the power limits (0x610, 0x618, 0x638, 0x640, 0x65C) and power info (0x614).
 *
 * <p>Discovery follows the kernel's rule: a domain exists when its energy-status register reads
 * without error and is non-zero; PSys also needs its power-limit register. Package-scope registers
 * are read on each package's first CPU; AMD's per-core counters on each core's first thread.
 */
public final class MsrRapl implements RaplSource, PowerLimitReader {

    private static final Logger LOG = Logger.getLogger(MsrRapl.class);

    /** Assumed power bound when the CPU reports none (AMD has no power-info register): errs toward sampling too often. */
    static final double UNKNOWN_MAX_WATTS = 1000;

    private static final long ENERGY_MASK = 0xFFFF_FFFFL; // only bits 31:0 count

    private final MsrDevices devices;
    private final RaplModel model;
    private final List<EnergyZone> zones;
    private final List<LimitRegister> limitRegisters;
    private final List<PackagePower> packagePower;

    private record LimitRegister(ZoneKey key, int cpu, long register, RaplUnits units, boolean twoLimits) {
    }

    private MsrRapl(MsrDevices devices, RaplModel model, List<EnergyZone> zones, List<LimitRegister> limitRegisters,
                    List<PackagePower> packagePower) {
        this.devices = devices;
        this.model = model;
        this.zones = List.copyOf(zones);
        this.limitRegisters = List.copyOf(limitRegisters);
        this.packagePower = List.copyOf(packagePower);
    }

    /**
     * Finds the RAPL domains of this node through {@code devices}.
     *
     * @throws SourceUnavailableException when the CPU has no RAPL, the devices cannot be opened or no domain reads
     */
    public static MsrRapl open(MsrDevices devices, CpuTopology topology, CpuIdentity cpu) throws SourceUnavailableException {
        RaplModel model = RaplModels.lookup(cpu).orElseThrow(() -> new SourceUnavailableException(SourceKind.MSR,
                String.format("CPU %s family %Xh model %Xh (%s) has no RAPL interface this exporter can read "
                        + "(Intel family 6 from Sandy Bridge, AMD from family 17h)", cpu.vendorId(), cpu.family(), cpu.model(), cpu.modelName())));
        if (!RaplModels.known(cpu)) {
            LOG.warnf("Intel model %s is not in the RAPL model table: probing every client domain with standard units", cpu.familyModel());
        }
        boolean amd = model.vendor() == CpuVendor.AMD;
        long unitRegister = amd ? AmdRaplRegisters.MSR_AMD_RAPL_POWER_UNIT : IntelRaplRegisters.MSR_RAPL_POWER_UNIT;

        List<EnergyZone> zones = new ArrayList<>();
        List<LimitRegister> limits = new ArrayList<>();
        List<PackagePower> packagePower = new ArrayList<>();
        Map<Integer, Long> rawUnits = new HashMap<>();
        try {
            for (Map.Entry<Integer, Cpu> entry : topology.firstCpuOfEachPackage().entrySet()) {
                int pkg = entry.getKey();
                int first = entry.getValue().id();
                long units = devices.read(first, unitRegister);
                rawUnits.put(pkg, units);
                double maxWatts = UNKNOWN_MAX_WATTS;
                if (!amd) {
                    PackagePower power = readPowerInfo(devices, first, pkg, model.unitsFor(RaplDomain.PACKAGE, units));
                    packagePower.add(power);
                    maxWatts = boundWatts(power);
                }
                for (RaplDomain domain : model.candidates()) {
                    if (domain.platformWide()) {
                        continue;
                    }
                    RaplUnits domainUnits = model.unitsFor(domain, units);
                    if (amd) {
                        discoverAmd(devices, topology, pkg, first, domain, domainUnits, maxWatts, zones);
                    } else {
                        long status = IntelRaplRegisters.energyStatus(domain);
                        ZoneKey key = ZoneKey.of(pkg, domain);
                        if (probe(devices, first, status, key)) {
                            zones.add(msrZone(devices, key, first, status, domainUnits, maxWatts));
                            long limit = IntelRaplRegisters.powerLimit(domain);
                            if (readable(devices, first, limit, key)) {
                                limits.add(new LimitRegister(key, first, limit, domainUnits, IntelRaplRegisters.hasTwoLimits(domain)));
                            }
                        }
                    }
                }
            }
            if (model.candidates().contains(RaplDomain.PSYS)) {
                discoverPsys(devices, topology, model, rawUnits, zones, limits, packagePower);
            }
        } catch (MsrException e) {
            devices.close();
            throw new SourceUnavailableException(SourceKind.MSR, e.getMessage(), e);
        }
        if (zones.isEmpty()) {
            devices.close();
            throw new SourceUnavailableException(SourceKind.MSR, "no RAPL energy counter of " + model.name()
                    + " reads a non-zero value through " + devices.pattern());
        }
        LOG.infof("MSR RAPL on %s through %s: %d counters", model.name(), devices.pattern(), zones.size());
        return new MsrRapl(devices, model, zones, amd ? List.of() : limits, packagePower);
    }

    private static PackagePower readPowerInfo(MsrDevices devices, int cpu, int pkg, RaplUnits units) {
        try {
            PowerInfo info = PowerInfo.decode(devices.read(cpu, IntelRaplRegisters.MSR_PKG_POWER_INFO), units);
            return new PackagePower(Integer.toString(pkg), info.thermalSpecWatts(), info.minWatts(), info.maxWatts());
        } catch (MsrException e) {
            LOG.infof("package %d: no power info (%s)", pkg, e.getMessage());
            return new PackagePower(Integer.toString(pkg), 0, 0, 0);
        }
    }

    /** The package's power bound for wrap arithmetic: its maximum power, else twice its TDP, else {@link #UNKNOWN_MAX_WATTS}. */
    static double boundWatts(PackagePower power) {
        if (power.maxWatts() > 0) {
            return power.maxWatts();
        }
        return power.thermalSpecWatts() > 0 ? 2 * power.thermalSpecWatts() : UNKNOWN_MAX_WATTS;
    }

    private static void discoverAmd(MsrDevices devices, CpuTopology topology, int pkg, int first, RaplDomain domain,
                                    RaplUnits units, double maxWatts, List<EnergyZone> zones) throws MsrException {
        ZoneKey key = ZoneKey.of(pkg, domain);
        if (domain == RaplDomain.PACKAGE) {
            if (probe(devices, first, AmdRaplRegisters.MSR_AMD_PKG_ENERGY_STATUS, key)) {
                zones.add(msrZone(devices, key, first, AmdRaplRegisters.MSR_AMD_PKG_ENERGY_STATUS, units, maxWatts));
            }
            return;
        }
        for (Cpu core : topology.firstThreadOfEachCore(pkg)) {
            if (probe(devices, core.id(), AmdRaplRegisters.MSR_AMD_CORE_ENERGY_STATUS, key)) {
                zones.add(msrZone(devices, key, core.id(), AmdRaplRegisters.MSR_AMD_CORE_ENERGY_STATUS, units, maxWatts));
            }
        }
    }

    private static void discoverPsys(MsrDevices devices, CpuTopology topology, RaplModel model, Map<Integer, Long> rawUnits,
                                     List<EnergyZone> zones, List<LimitRegister> limits, List<PackagePower> packagePower)
            throws MsrException {
        Map.Entry<Integer, Cpu> firstPackage = topology.firstCpuOfEachPackage().entrySet().iterator().next();
        int cpu = firstPackage.getValue().id();
        ZoneKey key = ZoneKey.platform(RaplDomain.PSYS);
        if (!probe(devices, cpu, IntelRaplRegisters.MSR_PLATFORM_ENERGY_STATUS, key)) {
            return;
        }
        if (!readable(devices, cpu, IntelRaplRegisters.MSR_PLATFORM_POWER_LIMIT, key)) {
            LOG.infof("%s: left out, it needs its power-limit register too", key);
            return;
        }
        RaplUnits units = model.unitsFor(RaplDomain.PSYS, rawUnits.get(firstPackage.getKey()));
        double bound = 0;
        for (PackagePower power : packagePower) {
            bound += boundWatts(power);
        }
        bound = Math.max(2 * bound, UNKNOWN_MAX_WATTS); // the platform draws more than its packages
        zones.add(msrZone(devices, key, cpu, IntelRaplRegisters.MSR_PLATFORM_ENERGY_STATUS, units, bound));
        limits.add(new LimitRegister(key, cpu, IntelRaplRegisters.MSR_PLATFORM_POWER_LIMIT, units, true));
    }

    /** The kernel's rule: present when the counter reads without error and is non-zero. */
    private static boolean probe(MsrDevices devices, int cpu, long register, ZoneKey key) throws MsrException {
        long value;
        try {
            value = devices.read(cpu, register) & ENERGY_MASK;
        } catch (MsrException e) {
            if (e.deviceUnusable()) {
                throw e; // not a missing domain: nothing on this node will read
            }
            LOG.infof("%s: left out, %s", key, e.getMessage());
            return false;
        }
        if (value == 0) {
            LOG.infof("%s: left out, its counter (MSR 0x%X on CPU %d) reads 0: not implemented by this part", key, register, cpu);
            return false;
        }
        return true;
    }

    private static boolean readable(MsrDevices devices, int cpu, long register, ZoneKey key) throws MsrException {
        try {
            devices.read(cpu, register);
            return true;
        } catch (MsrException e) {
            if (e.deviceUnusable()) {
                throw e;
            }
            LOG.infof("%s: no power limit (%s)", key, e.getMessage());
            return false;
        }
    }

    private static EnergyZone msrZone(MsrDevices devices, ZoneKey key, int cpu, long register, RaplUnits units, double maxWatts) {
        return new EnergyZone(key, String.format("MSR 0x%X on CPU %d", register, cpu),
                EnergyCounter.ofBits(32, units.joulesPerCount()), maxWatts,
                () -> devices.read(cpu, register) & ENERGY_MASK);
    }

    public RaplModel model() {
        return model;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.MSR;
    }

    @Override
    public List<EnergyZone> zones() {
        return zones;
    }

    @Override
    public List<ZonePowerLimits> readLimits() throws MsrException {
        List<ZonePowerLimits> result = new ArrayList<>(limitRegisters.size());
        for (LimitRegister register : limitRegisters) {
            long raw = devices.read(register.cpu(), register.register());
            result.add(new ZonePowerLimits(register.key(), PowerLimitRegister.decode(raw, register.units(), register.twoLimits())));
        }
        return result;
    }

    /** This source as a power-limit reader, or empty on parts without limit registers (AMD). */
    public java.util.Optional<PowerLimitReader> readLimitsOrEmpty() {
        return limitRegisters.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(this);
    }

    @Override
    public List<PackagePower> packagePower() {
        return packagePower;
    }

    @Override
    public void close() {
        devices.close();
    }
}
