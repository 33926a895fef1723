package io.escheduler.hardware.powercap;

import io.escheduler.hardware.energy.SourceKind;
import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.rapl.LimitBounds;
import io.escheduler.hardware.rapl.LimitLockedException;
import io.escheduler.hardware.rapl.LimitVerificationException;
import io.escheduler.hardware.rapl.PackageLimits;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.hardware.rapl.PowerLimitControl;
import io.escheduler.hardware.rapl.RaplDomain;
import io.escheduler.hardware.sysfs.Sysfs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Package power limits through the kernel's powercap driver: the {@code long_term} (PL1) and
 * {@code short_term} (PL2) constraints of each package zone {@code intel-rapl:N}
 * ({@code peak_power}, PL4, is left alone), and the zone's {@code enabled} switch.
 *
 * <p>What powercap does not expose: the lock bit ({@link PackageLimits#locked()} is empty; the
 * kernel refuses writes to a locked domain with EACCES, reported as {@link LimitLockedException}),
 * the clamp bit (read as {@code false}; the kernel sets PL1's clamp together with its enable), a
 * separate PL2 enable (the zone's {@code enabled} is PL1's enable and is reported for both), and
 * the power and time units, so the kernel's rounding cannot be predicted exactly: it truncates
 * microwatts to the power unit (at most 1 W, typically 1/8 W) and windows down to the nearest
 * 2^Y·(1+F/4) time units, which are up to 25 % apart.
 */
public final class PowercapPowerLimitControl implements PowerLimitControl {

    private static final Logger LOG = Logger.getLogger(PowercapPowerLimitControl.class);

    /** Lowest limit when the constraint has no {@code min_power_uw} (the Intel driver publishes none). */
    static final double DEFAULT_MIN_WATTS = 1.0;
    /** Shortest window without {@code min_time_window_us}: about one time unit (2^-10 s on nearly every part); the kernel writes anything shorter as one unit. */
    static final double DEFAULT_MIN_WINDOW_SECONDS = 0.001;
    /** Longest window without {@code max_time_window_us}: the order of the longest 0x614 reports (1024 s on Cascade Lake); the hardware clamps longer ones, which then fail verification. */
    static final double DEFAULT_MAX_WINDOW_SECONDS = 1000;
    /** The largest power unit (2^0 W): the kernel's truncation to the unit loses less than this. */
    static final double WATTS_RESOLUTION = 1.0;
    /** Adjacent encodable windows differ by up to 25 %. */
    static final double WINDOW_TOLERANCE = 0.25;

    /** One package zone and its constraints. */
    private record Package(String id, PowercapZone zone, PowercapZone.Constraint longTerm,
                           Optional<PowercapZone.Constraint> shortTerm, LimitBounds bounds) {
    }

    private final Map<String, Package> packages;

    private PowercapPowerLimitControl(Map<String, Package> packages) {
        this.packages = packages;
    }

    /**
     * Finds the package zones under {@code <sysfsRoot>/class/powercap} and reads their bounds.
     *
     * @throws SourceUnavailableException when there is no package zone with a {@code long_term}
     *                                    constraint (AMD parts expose energy only), when only some packages have one,
     *                                    or when the zones cannot be read
     */
    public static PowercapPowerLimitControl open(Path sysfsRoot) throws SourceUnavailableException {
        Path classDir = PowercapZone.classDirectory(sysfsRoot);
        List<Package> found = new ArrayList<>();
        List<String> withoutConstraints = new ArrayList<>();
        try {
            List<PowercapZone> zones = Files.isDirectory(classDir) ? PowercapZone.list(sysfsRoot) : List.of();
            for (PowercapZone zone : zones) {
                if (zone.key().domain() != RaplDomain.PACKAGE) {
                    continue;
                }
                Optional<PowercapZone.Constraint> longTerm = constraint(zone, "long_term");
                if (longTerm.isEmpty()) {
                    withoutConstraints.add(zone.key().packageId());
                    continue;
                }
                Optional<PowercapZone.Constraint> shortTerm = constraint(zone, "short_term");
                found.add(new Package(zone.key().packageId(), zone, longTerm.get(), shortTerm, bounds(longTerm.get(), shortTerm)));
            }
        } catch (IOException e) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "cannot read powercap zones under " + classDir + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "no package zone with a long_term constraint under " + classDir
                    + ": RAPL power capping is unavailable through powercap (AMD parts expose energy counters only; on Intel, "
                    + "load the kernel's RAPL driver: modprobe intel_rapl_msr)");
        }
        if (!withoutConstraints.isEmpty()) {
            throw new SourceUnavailableException(SourceKind.POWERCAP, "packages " + withoutConstraints + " under " + classDir
                    + " have no long_term constraint while others do: refusing to control only some packages");
        }
        found.sort(Comparator.comparing(Package::id, PowercapPowerLimitControl::comparePackageIds));
        Map<String, Package> packages = new LinkedHashMap<>();
        found.forEach(p -> packages.put(p.id(), p));
        LOG.infof("RAPL package power limits through powercap under %s: packages %s", classDir, packages.keySet());
        return new PowercapPowerLimitControl(packages);
    }

    private static Optional<PowercapZone.Constraint> constraint(PowercapZone zone, String name) throws IOException {
        for (PowercapZone.Constraint constraint : zone.constraints()) {
            if (constraint.name().equals(name)) {
                return Optional.of(constraint);
            }
        }
        return Optional.empty();
    }

    /**
     * Bounds from the constraint files. The Intel driver fills {@code max_power_uw} from 0x614:
     * the TDP for {@code long_term}, the maximum power for {@code short_term}. Fallbacks when a
     * file is absent or 0: the maximum long-term limit is the short-term maximum, else the
     * long-term limit in force at open; the maximum short-term limit is the larger of the
     * long-term maximum and the short-term limit in force (powercap gives no register range, and
     * the limits firmware set are known to be safe). {@code min_power_uw},
     * {@code min_time_window_us} and {@code max_time_window_us} (long_term's, else short_term's)
     * replace {@link #DEFAULT_MIN_WATTS}, {@link #DEFAULT_MIN_WINDOW_SECONDS} and
     * {@link #DEFAULT_MAX_WINDOW_SECONDS} when present; resolution is {@link #WATTS_RESOLUTION}.
     */
    static LimitBounds bounds(PowercapZone.Constraint longTerm, Optional<PowercapZone.Constraint> shortTerm) throws IOException {
        Optional<Double> tdp = longTerm.maxPowerMicrowatts().map(uw -> uw / 1e6);
        Optional<Double> maxPower = shortTerm.flatMap(PowercapZone.Constraint::maxPowerMicrowatts).map(uw -> uw / 1e6);
        double maxLongTerm = tdp.or(() -> maxPower).orElse(longTerm.powerLimitMicrowatts() / 1e6);
        double shortNow = shortTerm.isPresent() ? shortTerm.get().powerLimitMicrowatts() / 1e6 : 0;
        double maxShortTerm = maxPower.orElse(Math.max(maxLongTerm, shortNow));
        List<PowercapZone.Constraint> both = new ArrayList<>(List.of(longTerm));
        shortTerm.ifPresent(both::add);
        return new LimitBounds(
                positive(both, "min_power_uw").map(uw -> uw / 1e6).orElse(DEFAULT_MIN_WATTS),
                maxLongTerm, maxShortTerm,
                positive(both, "min_time_window_us").map(us -> us / 1e6).orElse(DEFAULT_MIN_WINDOW_SECONDS),
                positive(both, "max_time_window_us").map(us -> us / 1e6).orElse(DEFAULT_MAX_WINDOW_SECONDS),
                WATTS_RESOLUTION);
    }

    /** The first constraint's positive value of {@code attribute}. */
    private static Optional<Long> positive(List<PowercapZone.Constraint> constraints, String attribute) {
        return constraints.stream().flatMap(c -> Sysfs.readLongIfPresent(c.file(attribute)).filter(v -> v > 0).stream()).findFirst();
    }

    /** Numeric package order ({@code 2} before {@code 10}), then text ({@code 0-die-0} before {@code 0-die-1}). */
    static int comparePackageIds(String a, String b) {
        int byNumber = Long.compare(leadingNumber(a), leadingNumber(b));
        return byNumber != 0 ? byNumber : a.compareTo(b);
    }

    private static long leadingNumber(String id) {
        int end = 0;
        while (end < id.length() && Character.isDigit(id.charAt(end))) {
            end++;
        }
        return end == 0 ? Long.MAX_VALUE : Long.parseLong(id.substring(0, end));
    }

    @Override
    public String kind() {
        return "powercap";
    }

    @Override
    public List<String> packages() {
        return List.copyOf(packages.keySet());
    }

    /** Watts from {@code power_limit_uw}, seconds from {@code time_window_us}, both enables from the zone's {@code enabled}. */
    @Override
    public PackageLimits read(String pkg) throws IOException {
        Package p = find(pkg);
        boolean enabled = p.zone().enabled();
        Optional<PowerLimit> shortTerm = p.shortTerm().isPresent() ? Optional.of(limit(p.shortTerm().get(), enabled)) : Optional.empty();
        return new PackageLimits(p.id(), limit(p.longTerm(), enabled), shortTerm, Optional.empty());
    }

    private static PowerLimit limit(PowercapZone.Constraint constraint, boolean enabled) throws IOException {
        return new PowerLimit(constraint.powerLimitMicrowatts() / 1e6, enabled, false,
                Sysfs.readLong(constraint.file("time_window_us")) / 1e6);
    }

    @Override
    public LimitBounds bounds(String pkg) {
        return find(pkg).bounds();
    }

    /**
     * Writes {@code long_term}'s {@code time_window_us} (when it differs) and {@code power_limit_uw},
     * then {@code short_term}'s likewise when given, then the zone's {@code enabled} from
     * {@code longTerm.enabled()}; reads back and verifies watts within {@link #WATTS_RESOLUTION},
     * windows within {@link #WINDOW_TOLERANCE} and the enable exactly. Clamp is not written. A
     * failure part-way leaves the files written so far: callers restore from a {@link #read} taken
     * before.
     *
     * @throws IllegalArgumentException   when a value is not finite, negative, a window is under 1 µs, a short-term limit
     *                                    is given for a zone without one, or the two enables differ (powercap has one)
     * @throws LimitLockedException       when the kernel refuses with EACCES (firmware locked the limits; the first
     *                                    file written is refused, so nothing changes)
     * @throws LimitVerificationException when a file reads back other than written
     */
    @Override
    public PackageLimits write(String pkg, PowerLimit longTerm, Optional<PowerLimit> shortTerm) throws IOException {
        Package p = find(pkg);
        long longUw = microwatts(longTerm, "long-term");
        long longUs = microseconds(longTerm, "long-term");
        long shortUw = 0;
        long shortUs = 0;
        if (shortTerm.isPresent()) {
            if (p.shortTerm().isEmpty()) {
                throw new IllegalArgumentException("package " + p.id() + " (" + p.zone().directory() + ") has no short_term constraint");
            }
            if (shortTerm.get().enabled() != longTerm.enabled()) {
                throw new IllegalArgumentException("powercap has one enable switch per zone: long-term and short-term limits of package "
                        + p.id() + " must be both enabled or both disabled");
            }
            shortUw = microwatts(shortTerm.get(), "short-term");
            shortUs = microseconds(shortTerm.get(), "short-term");
        }
        writeConstraint(p.longTerm(), longUw, longUs);
        if (shortTerm.isPresent()) {
            writeConstraint(p.shortTerm().get(), shortUw, shortUs);
        }
        Path enabled = p.zone().directory().resolve("enabled");
        writeAttribute(enabled, longTerm.enabled() ? "1" : "0");

        verify(p.longTerm(), longUw, longUs);
        if (shortTerm.isPresent()) {
            verify(p.shortTerm().get(), shortUw, shortUs);
        }
        long enabledBack = readBack(enabled, longTerm.enabled() ? "1" : "0");
        if ((enabledBack != 0) != longTerm.enabled()) {
            throw new LimitVerificationException(enabled + ": requested " + (longTerm.enabled() ? 1 : 0) + ", read back " + enabledBack);
        }
        return read(pkg);
    }

    private static long microwatts(PowerLimit limit, String which) {
        double uw = limit.watts() * 1e6;
        if (!Double.isFinite(uw) || uw < 0 || uw >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(which + " limit " + limit.watts() + " W cannot be written as power_limit_uw");
        }
        return Math.round(uw);
    }

    private static long microseconds(PowerLimit limit, String which) {
        double us = limit.windowSeconds() * 1e6;
        if (!Double.isFinite(us) || us < 1 || us >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(which + " window " + limit.windowSeconds() + " s cannot be written as time_window_us (1 µs or more)");
        }
        return Math.round(us);
    }

    private static void writeConstraint(PowercapZone.Constraint constraint, long microwatts, long microseconds) throws IOException {
        Path window = constraint.file("time_window_us");
        if (Sysfs.readLongIfPresent(window).filter(now -> now == microseconds).isEmpty()) {
            writeAttribute(window, Long.toString(microseconds));
        }
        writeAttribute(constraint.file("power_limit_uw"), Long.toString(microwatts));
    }

    private static void writeAttribute(Path file, String value) throws IOException {
        try {
            Sysfs.write(file, value);
        } catch (FileSystemException e) {
            throw writeFailure(e);
        }
    }

    /**
     * A failed write as the caller should see it: EACCES from the kernel's store handler (not from
     * opening the file) means the domain is locked; EACCES at open means this process lacks the
     * permission. Other failures keep the path and errno text.
     */
    static IOException writeFailure(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return new IOException(e.getFile() + ": permission denied opening it for writing: powercap limits are writable by root only", e);
        }
        String reason = String.valueOf(e.getReason());
        if (reason.endsWith("Permission denied")) {
            return new LimitLockedException(e.getMessage() + ": the kernel refuses writes to a locked domain (EACCES): firmware locked "
                    + "the package's RAPL limits (MSR 0x610 bit 63) until the next reset", e);
        }
        return e;
    }

    private static void verify(PowercapZone.Constraint constraint, long microwatts, long microseconds) throws IOException {
        Path limitFile = constraint.file("power_limit_uw");
        long watts = readBack(limitFile, microwatts + " µW");
        if (Math.abs(watts - microwatts) > WATTS_RESOLUTION * 1e6) {
            throw new LimitVerificationException(limitFile + ": requested " + microwatts + " µW, read back " + watts
                    + " µW (more than " + WATTS_RESOLUTION + " W apart)");
        }
        Path windowFile = constraint.file("time_window_us");
        long window = readBack(windowFile, microseconds + " µs");
        if (Math.abs(window - microseconds) > WINDOW_TOLERANCE * microseconds) {
            throw new LimitVerificationException(windowFile + ": requested " + microseconds + " µs, read back " + window
                    + " µs (more than " + Math.round(WINDOW_TOLERANCE * 100) + " % apart)");
        }
    }

    /** The file's integer, or a verification failure naming what was requested when it does not read as one. */
    private static long readBack(Path file, String requested) throws IOException {
        String text = Sysfs.read(file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new LimitVerificationException(file + ": requested " + requested + ", read back '" + text + "' (not a number)");
        }
    }

    private Package find(String pkg) {
        Package p = packages.get(pkg);
        if (p == null) {
            throw new IllegalArgumentException("no package '" + pkg + "': this node has packages " + packages.keySet());
        }
        return p;
    }

    /** Nothing is held open. */
    @Override
    public void close() {
    }
}
