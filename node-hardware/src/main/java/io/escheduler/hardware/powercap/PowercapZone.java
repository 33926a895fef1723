package io.escheduler.hardware.powercap;

import io.escheduler.hardware.energy.ZoneKey;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One powercap RAPL zone: {@code <sysfs>/class/powercap/intel-rapl:N} (a package, named
 * {@code package-N} or {@code package-N-die-M}, or the platform, named {@code psys}) or
 * {@code intel-rapl:N:M} (a sub-zone named {@code core}, {@code uncore} or {@code dram} of
 * package N). The zone is identified by its {@code name} file, never by its number: PSys is its own
 * top-level zone and may well be {@code intel-rapl:1}. The MMIO interface
 * ({@code intel-rapl-mmio:*}) duplicates the package zones and is not read.
 *
 * @param directory the zone's directory
 * @param key       package and domain
 */
public record PowercapZone(Path directory, ZoneKey key) {

    private static final Pattern ZONE_DIR = Pattern.compile("intel-rapl:(\\d+)(?::(\\d+))?");
    private static final Pattern PACKAGE_NAME = Pattern.compile("package-(\\d+(?:-die-\\d+)?)");

    /** Every RAPL zone under {@code <sysfs>/class/powercap}, packages first, in directory order. */
    public static List<PowercapZone> list(Path sysfsRoot) throws IOException {
        Path classDir = classDirectory(sysfsRoot);
        List<Path> dirs;
        try (Stream<Path> entries = Files.list(classDir)) {
            dirs = entries.filter(p -> ZONE_DIR.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<PowercapZone> zones = new ArrayList<>();
        for (Path dir : dirs) {
            Matcher m = ZONE_DIR.matcher(dir.getFileName().toString());
            m.matches();
            String name = Sysfs.read(dir.resolve("name"));
            if (m.group(2) == null) {
                if (name.equals("psys")) {
                    zones.add(new PowercapZone(dir, ZoneKey.platform(RaplDomain.PSYS)));
                    continue;
                }
                Matcher pkg = PACKAGE_NAME.matcher(name);
                if (!pkg.matches()) {
                    throw new IOException(dir.resolve("name") + ": unknown top-level zone name '" + name + "'");
                }
                zones.add(new PowercapZone(dir, new ZoneKey(pkg.group(1), RaplDomain.PACKAGE)));
            } else {
                Path parent = classDir.resolve("intel-rapl:" + m.group(1));
                Matcher pkg = PACKAGE_NAME.matcher(Sysfs.read(parent.resolve("name")));
                if (!pkg.matches()) {
                    throw new IOException(dir + ": parent zone " + parent.getFileName() + " is not a package");
                }
                zones.add(new PowercapZone(dir, new ZoneKey(pkg.group(1), RaplDomain.fromLabel(name))));
            }
        }
        return zones;
    }

    public static Path classDirectory(Path sysfsRoot) {
        return sysfsRoot.resolve("class/powercap");
    }

    public Path energyFile() {
        return directory.resolve("energy_uj");
    }

    public long maxEnergyRangeMicrojoules() throws IOException {
        return Sysfs.readLong(directory.resolve("max_energy_range_uj"));
    }

    /** The zone's constraints: {@code constraint_N_*} files, in N order. */
    public List<Constraint> constraints() {
        List<Constraint> constraints = new ArrayList<>();
        for (int n = 0; Files.exists(directory.resolve("constraint_" + n + "_name")); n++) {
            constraints.add(new Constraint(this, n));
        }
        return constraints;
    }

    public boolean enabled() throws IOException {
        return Sysfs.readLong(directory.resolve("enabled")) != 0;
    }

    /**
     * One power constraint: {@code long_term} (PL1), {@code short_term} (PL2) or {@code peak_power} (PL4).
     *
     * @param index N in {@code constraint_N_*}
     */
    public record Constraint(PowercapZone zone, int index) {

        public String name() throws IOException {
            return Sysfs.read(file("name"));
        }

        public long powerLimitMicrowatts() throws IOException {
            return Sysfs.readLong(file("power_limit_uw"));
        }

        /** Absent for {@code peak_power}. */
        public Optional<Long> timeWindowMicroseconds() {
            return Sysfs.readLongIfPresent(file("time_window_us"));
        }

        /** The kernel fills it from 0x614: TDP for long_term, maximum power for short_term. */
        public Optional<Long> maxPowerMicrowatts() {
            return Sysfs.readLongIfPresent(file("max_power_uw")).filter(v -> v > 0);
        }

        public Path file(String attribute) {
            return zone.directory().resolve("constraint_" + index + "_" + attribute);
        }
    }
}
