package io.escheduler.hardware.powercap;

import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.rapl.LimitBounds;
import io.escheduler.hardware.rapl.LimitLockedException;
import io.escheduler.hardware.rapl.LimitVerificationException;
import io.escheduler.hardware.rapl.PackageLimits;
import io.escheduler.hardware.rapl.PowerLimit;
import io.escheduler.testing.FixtureMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PowercapPowerLimitControlTest {

    @TempDir
    Path dir;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("xeon-2s-clx", List.of("0", "1"), new PackageLimits("1", new PowerLimit(85, true, false, 0.999424),
                        Optional.of(new PowerLimit(102, true, false, 0.009765)), Optional.empty()),
                        new LimitBounds(1, 85, 150, 0.001, 1000, 1)),
                Arguments.of("intel-client-kbl", List.of("0"), new PackageLimits("0", new PowerLimit(15, true, false, 27.983872),
                        Optional.of(new PowerLimit(44, true, false, 0.00244)), Optional.empty()),
                        new LimitBounds(1, 15, 44, 0.001, 1000, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsPackageZonesOnly(String fixture, List<String> packages, PackageLimits limits, LimitBounds bounds) throws IOException {
        FixtureMachine machine = FixtureMachine.create(fixture, dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            assertThat(control.kind()).isEqualTo("powercap");
            assertThat(control.packages()).isEqualTo(packages); // PSys (intel-rapl:1 on the laptop) and sub-zones are left out
            assertThat(control.read(limits.packageId())).isEqualTo(limits);
            assertThat(control.bounds(limits.packageId())).isEqualTo(bounds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // description,                          files removed,                                  max PL1, max PL2
            "TDP and maximum power reported,          '',                                             85,      150",
            "no TDP: PL1 up to the maximum power,     constraint_0_max_power_uw,                      150,     150",
            "neither: the limits in force at open,    constraint_0_max_power_uw constraint_1_max_power_uw, 85,  102",
    })
    void maximaFallBackWhenTheKernelDoesNotReportThem(String description, String removed, double maxLong, double maxShort) throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        for (String file : removed.split(" ")) {
            if (!file.isEmpty()) {
                Files.delete(machine.powercapFile("intel-rapl:0", file));
            }
        }
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            assertThat(control.bounds("0")).isEqualTo(new LimitBounds(1, maxLong, maxShort, 0.001, 1000, 1));
        }
    }

    @Test
    void optionalMinimumAndWindowFilesReplaceTheDefaults() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        machine.writeFile(machine.powercapFile("intel-rapl:0", "constraint_0_min_power_uw"), 40_000_000);
        machine.writeFile(machine.powercapFile("intel-rapl:0", "constraint_0_min_time_window_us"), 976);
        machine.writeFile(machine.powercapFile("intel-rapl:0", "constraint_1_max_time_window_us"), 448_000_000);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            assertThat(control.bounds("0")).isEqualTo(new LimitBounds(40, 85, 150, 0.000976, 448, 1));
            assertThat(control.bounds("1")).isEqualTo(new LimitBounds(1, 85, 150, 0.001, 1000, 1));
        }
    }

    @Test
    void writesWindowsLimitsAndTheEnable() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            PackageLimits written = control.write("1", new PowerLimit(60, true, false, 2.0), Optional.of(new PowerLimit(90, true, false, 0.01)));

            assertThat(contents(machine, "intel-rapl:1", "constraint_0_power_limit_uw")).isEqualTo("60000000");
            assertThat(contents(machine, "intel-rapl:1", "constraint_0_time_window_us")).isEqualTo("2000000");
            assertThat(contents(machine, "intel-rapl:1", "constraint_1_power_limit_uw")).isEqualTo("90000000");
            assertThat(contents(machine, "intel-rapl:1", "constraint_1_time_window_us")).isEqualTo("10000");
            assertThat(contents(machine, "intel-rapl:1", "enabled")).isEqualTo("1");
            assertThat(written).isEqualTo(new PackageLimits("1", new PowerLimit(60, true, false, 2.0),
                    Optional.of(new PowerLimit(90, true, false, 0.01)), Optional.empty()));
            assertThat(control.read("0").longTerm().watts()).as("the other package").isEqualTo(85);
        }
    }

    @Test
    void disablingWithoutAShortTermLimitLeavesItsFilesAlone() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            PackageLimits written = control.write("0", new PowerLimit(9.5, false, false, 28.0), Optional.empty());

            assertThat(contents(machine, "intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("9500000");
            assertThat(contents(machine, "intel-rapl:0", "enabled")).isEqualTo("0");
            assertThat(contents(machine, "intel-rapl:0", "constraint_1_power_limit_uw")).isEqualTo("44000000");
            assertThat(written.shortTerm()).contains(new PowerLimit(44, false, false, 0.00244)); // one enable per zone
        }
    }

    @Test
    void anUnchangedWindowIsNotRewritten() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        Path window = machine.powercapFile("intel-rapl:0", "constraint_0_time_window_us");
        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(window, old);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            control.write("0", new PowerLimit(70, true, false, 0.999424), Optional.empty());

            assertThat(Files.getLastModifiedTime(window)).isEqualTo(old);
            assertThat(contents(machine, "intel-rapl:0", "constraint_0_power_limit_uw")).isEqualTo("70000000");
        }
    }

    @ParameterizedTest(name = "{0} swallows the write")
    @CsvSource({
            "constraint_0_power_limit_uw, requested 60000000 µW",
            "constraint_0_time_window_us, requested 2000000 µs",
            "constraint_1_power_limit_uw, requested 90000000 µW",
            "enabled,                     requested 1",
    })
    void aWriteThatDoesNotStickFailsVerification(String file, String requested) throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            Path path = machine.powercapFile("intel-rapl:0", file);
            Files.delete(path);
            Files.createSymbolicLink(path, Path.of("/dev/null")); // accepts the write, reads back nothing

            assertThatThrownBy(() -> control.write("0", new PowerLimit(60, true, false, 2.0), Optional.of(new PowerLimit(90, true, false, 0.01))))
                    .isInstanceOf(LimitVerificationException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining(requested)
                    .hasMessageContaining("read back ''");
        }
    }

    @Test
    void verificationAllowsTheKernelsRounding() throws IOException {
        // what the kernel would store for 60.3 W at 1/8 W units and 1.1 s at 2^-10 s: truncated to 60.25 W and 2^10 time units
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            control.write("0", new PowerLimit(60.3, true, false, 1.1), Optional.empty());
            machine.writeFile(machine.powercapFile("intel-rapl:0", "constraint_0_power_limit_uw"), 60_250_000);
            machine.writeFile(machine.powercapFile("intel-rapl:0", "constraint_0_time_window_us"), 999_424);

            assertThat(control.read("0").longTerm()).isEqualTo(new PowerLimit(60.25, true, false, 0.999424));
        }
    }

    @Test
    void amdExposesNoConstraints() {
        FixtureMachine machine = FixtureMachine.create("amd-ryzen-5800x", dir);

        assertThatThrownBy(() -> PowercapPowerLimitControl.open(machine.sysfs()))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("no package zone with a long_term constraint")
                .hasMessageContaining("power capping is unavailable");
    }

    @Test
    void refusesToControlOnlySomePackages() throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (Stream<Path> files = Files.list(machine.powercapFile("intel-rapl:1", ""))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("constraint_")).toList()) {
                Files.delete(file);
            }
        }

        assertThatThrownBy(() -> PowercapPowerLimitControl.open(machine.sysfs()))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("packages [1]")
                .hasMessageContaining("only some packages");
    }

    static Stream<Arguments> refused() {
        PowerLimit ok = new PowerLimit(60, true, false, 1.0);
        return Stream.of(
                Arguments.of("negative watts", new PowerLimit(-1, true, false, 1.0), Optional.empty(), "power_limit_uw"),
                Arguments.of("NaN watts", new PowerLimit(Double.NaN, true, false, 1.0), Optional.empty(), "power_limit_uw"),
                Arguments.of("zero window", new PowerLimit(60, true, false, 0), Optional.empty(), "time_window_us"),
                Arguments.of("window under 1 µs", ok, Optional.of(new PowerLimit(90, true, false, 4e-7)), "time_window_us"),
                Arguments.of("enables that differ", ok, Optional.of(new PowerLimit(90, false, false, 0.01)), "one enable switch per zone"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatPowercapCannotExpress(String description, PowerLimit longTerm, Optional<PowerLimit> shortTerm, String message) throws IOException {
        FixtureMachine machine = FixtureMachine.create("xeon-2s-clx", dir);
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            PackageLimits before = control.read("0");

            assertThatThrownBy(() -> control.write("0", longTerm, shortTerm)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message);
            assertThat(control.read("0")).isEqualTo(before);
        }
    }

    @Test
    void aZoneWithoutShortTermRefusesOne() throws IOException {
        FixtureMachine machine = FixtureMachine.create("intel-client-kbl", dir);
        for (String attribute : List.of("name", "power_limit_uw", "time_window_us", "max_power_uw")) {
            Files.delete(machine.powercapFile("intel-rapl:0", "constraint_1_" + attribute));
        }
        try (PowercapPowerLimitControl control = PowercapPowerLimitControl.open(machine.sysfs())) {
            assertThat(control.read("0").shortTerm()).isEmpty();
            assertThat(control.bounds("0").maxShortTermWatts()).isEqualTo(15);
            assertThatThrownBy(() -> control.write("0", new PowerLimit(10, true, false, 1), Optional.of(new PowerLimit(20, true, false, 0.01))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no short_term constraint");
        }
    }

    @Test
    void eaccesFromTheKernelMeansLockedButAtOpenMeansNotRoot() {
        // The kernel's store handler answers EACCES for a locked domain; opening fails with EACCES for a non-root user.
        // Regular files (and root) cannot produce the first, so the mapping is checked on the exceptions Sysfs.write throws.
        FileSystemException refused = new FileSystemException("/sys/class/powercap/intel-rapl:0/constraint_0_power_limit_uw", null,
                "writing '60000000' failed: Permission denied");
        assertThat(PowercapPowerLimitControl.writeFailure(refused))
                .isInstanceOf(LimitLockedException.class)
                .hasMessageContaining("constraint_0_power_limit_uw")
                .hasMessageContaining("writing '60000000' failed")
                .hasMessageContaining("locked");

        AccessDeniedException notRoot = new AccessDeniedException("/sys/class/powercap/intel-rapl:0/enabled");
        assertThat(PowercapPowerLimitControl.writeFailure(notRoot))
                .isNotInstanceOf(LimitLockedException.class)
                .hasMessageContaining("intel-rapl:0/enabled")
                .hasMessageContaining("root");

        FileSystemException invalid = new FileSystemException("/sys/x", null, "writing 'x' failed: Invalid argument");
        assertThat(PowercapPowerLimitControl.writeFailure(invalid)).isSameAs(invalid);
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({"0, 1", "2, 10", "0-die-0, 0-die-1", "1, 1-die-0", "9, 10-die-0"})
    void packagesSortNumerically(String lower, String higher) {
        assertThat(PowercapPowerLimitControl.comparePackageIds(lower, higher)).isNegative();
        assertThat(PowercapPowerLimitControl.comparePackageIds(higher, lower)).isPositive();
    }

    private static String contents(FixtureMachine machine, String zone, String attribute) throws IOException {
        return Files.readString(machine.powercapFile(zone, attribute)).strip();
    }
}
