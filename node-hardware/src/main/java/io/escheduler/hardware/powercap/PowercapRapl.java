package io.escheduler.hardware.powercap;

import io.escheduler.hardware.energy.EnergyCounter;
import io.escheduler.hardware.energy.EnergyZone;
import io.escheduler.hardware.energy.RaplSource;
import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.rapl.PackagePower;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitReader;
import io.escheduler.hardware.rapl.PowerLimitRegister;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.rapl.ZonePowerLimits;
import io.escheduler.hardware.sysfs.AttributeFile;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RAPL through the kernel's powercap framework: {@code energy_uj} counters (wrapping after
 * {@code max_energy_range_uj}) and the {@code long_term}/{@code short_term} constraints. Current
 * kernels expose AMD Zen here too.
 */
public final class PowercapRapl implements RaplSource, PowerLimitReader {

    private static final Logger LOG = Logger.getLogger(PowercapRapl.class);

    /** Power bound for wrap arithmetic when a package does not report its TDP. */
    static final double UNKNOWN_MAX_WATTS = 1000;

    private final List<PowercapZone> powercapZones;
    private final List<EnergyZone> zones;
    private final List<AttributeFile> files;
    private final List<PackagePower> packagePower;

    private PowercapRapl(List<PowercapZone> powercapZones, List<EnergyZone> zones, List<AttributeFile> files,
                         List<PackagePower> packagePower) {
        this.powercapZones = List.copyOf(powercapZones);
        this.zones = List.copyOf(zones);
        this.files = List.copyOf(files);
        this.packagePower = List.copyOf(packagePower);
    }

    /**
     * Finds the RAPL zones under {@code <sysfsRoot>/class/powercap}.
     *
     * @throws SourceUnavailableException when there is no zone or the counters are not readable
     */
    public static PowercapRapl open(Path sysfsRoot) throws SourceUnavailableException {
        Path classDir = PowercapZone.classDirectory(sysfsRoot);
        List<PowercapZone> found;
        try {
            found = Files.isDirectory(classDir) ? PowercapZone.list(sysfsRoot) : List.of();
        } catch (IOException e) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "cannot list powercap zones: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "no RAPL zone (intel-rapl:N) under " + classDir
                    + ": load the kernel's RAPL driver (modprobe intel_rapl_msr)");
        }
        List<PackagePower> packagePower = new ArrayList<>();
        Map<String, Double> boundByPackage = new HashMap<>();
        for (PowercapZone zone : found) {
            if (zone.key().domain() == RaplDomain.PACKAGE) {
                PackagePower power = packagePower(zone);
                packagePower.add(power);
                boundByPackage.put(zone.key().packageId(), power.maxWatts() > 0 ? power.maxWatts()
                        : power.thermalSpecWatts() > 0 ? 2 * power.thermalSpecWatts() : UNKNOWN_MAX_WATTS);
            }
        }
        double platformBound = Math.max(UNKNOWN_MAX_WATTS, 2 * boundByPackage.values().stream().mapToDouble(Double::doubleValue).sum());

        List<EnergyZone> zones = new ArrayList<>();
        List<AttributeFile> files = new ArrayList<>();
        for (PowercapZone zone : found) {
            AttributeFile energy = new AttributeFile(zone.energyFile());
            try {
                long first = energy.readLong();
                long max = zone.maxEnergyRangeMicrojoules();
                if (first == 0) {
                    LOG.infof("%s: left out, %s reads 0", zone.key(), zone.energyFile());
                    closeQuietly(energy);
                    continue;
                }
                double bound = zone.key().domain().platformWide() ? platformBound
                        : boundByPackage.getOrDefault(zone.key().packageId(), UNKNOWN_MAX_WATTS);
                zones.add(new EnergyZone(zone.key(), zone.energyFile().toString(),
                        EnergyCounter.withMaximum(max, 1e-6), bound, energy::readLong));
                files.add(energy);
            } catch (AccessDeniedException e) {
                files.forEach(PowercapRapl::closeQuietly);
                throw new SourceUnavailableException(SourceKind.POWERCAP, zone.energyFile()
                        + ": permission denied: energy_uj is readable only by root since Linux 5.10 (CVE-2020-8694); run as root", e);
            } catch (NoSuchFileException e) {
                LOG.infof("%s: left out, %s does not exist", zone.key(), e.getFile());
                closeQuietly(energy);
            } catch (IOException e) {
                LOG.infof("%s: left out, %s", zone.key(), e.getMessage());
                closeQuietly(energy);
            }
        }
        if (zones.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "no powercap RAPL zone under " + classDir + " has a readable, non-zero energy_uj");
        }
        LOG.infof("powercap RAPL under %s: %d zones", classDir, zones.size());
        return new PowercapRapl(found, zones, files, packagePower);
    }

    /** TDP from the long-term constraint's {@code max_power_uw}, maximum power from the short-term one's. */
    private static PackagePower packagePower(PowercapZone zone) {
        double tdp = 0;
        double max = 0;
        for (PowercapZone.Constraint constraint : zone.constraints()) {
            try {
                String name = constraint.name();
                Optional<Long> maxPower = constraint.maxPowerMicrowatts();
                if (name.equals("long_term") && maxPower.isPresent()) {
                    tdp = maxPower.get() / 1e6;
                } else if (name.equals("short_term") && maxPower.isPresent()) {
                    max = maxPower.get() / 1e6;
                }
            } catch (IOException e) {
                LOG.debugf("%s: %s", zone.key(), e.getMessage());
            }
        }
        return new PackagePower(zone.key().packageId(), tdp, 0, max);
    }

    @Override
    public SourceKind kind() {
        return SourceKind.POWERCAP;
    }

    @Override
    public List<EnergyZone> zones() {
        return zones;
    }

    /**
     * The {@code long_term} and {@code short_term} constraints of every zone that has them. Powercap
     * has one {@code enabled} switch per zone, reported for both; it does not expose the lock bit.
     */
    @Override
    public List<ZonePowerLimits> readLimits() throws IOException {
        List<ZonePowerLimits> result = new ArrayList<>();
        for (PowercapZone zone : powercapZones) {
            PowerLimit longTerm = null;
            PowerLimit shortTerm = null;
            List<PowercapZone.Constraint> constraints = zone.constraints();
            if (constraints.isEmpty()) {
                continue;
            }
            boolean enabled = zone.enabled();
            for (PowercapZone.Constraint constraint : constraints) {
                String name = constraint.name();
                if (!name.equals("long_term") && !name.equals("short_term")) {
                    continue;
                }
                PowerLimit limit = new PowerLimit(constraint.powerLimitMicrowatts() / 1e6, enabled, false,
                        constraint.timeWindowMicroseconds().orElse(0L) / 1e6);
                if (name.equals("long_term")) {
                    longTerm = limit;
                } else {
                    shortTerm = limit;
                }
            }
            if (longTerm != null) {
                result.add(new ZonePowerLimits(zone.key(), new PowerLimitRegister(longTerm, Optional.ofNullable(shortTerm), false)));
            }
        }
        return result;
    }

    @Override
    public List<PackagePower> packagePower() {
        return packagePower;
    }

    @Override
    public void close() {
        files.forEach(PowercapRapl::closeQuietly);
    }

    private static void closeQuietly(AttributeFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing to flush
        }
    }
}
