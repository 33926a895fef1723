package io.escheduler.hardware.rapl;

import io.escheduler.hardware.energy.SourceUnavailableException;
import io.escheduler.hardware.msr.MsrDevices;
import io.escheduler.hardware.topology.CpuIdentity;
import io.escheduler.hardware.topology.CpuTopology;
import io.escheduler.testing.FixtureMachine;
import io.escheduler.testing.PreloadLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static io.escheduler.hardware.rapl.IntelRaplRegisters.MSR_PKG_POWER_LIMIT;
import static io.escheduler.hardware.rapl.IntelRaplRegisters.MSR_RAPL_POWER_UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MsrPowerLimitControl on fixture machines whose /dev/cpu/N/msr files act as MSR devices through the preload library. */
class MsrPowerLimitControlTest {

    private static final long KBL_LIMITS = 0x0042816000DD8078L;
    private static final long CLX_LIMITS = 0x80478330001582A8L;
    private static final double TU10 = Math.scalb(1.0, -10);

    @Test
    void readsThePackageRegister() throws IOException {
        try (MsrPowerLimitControl control = open(machine("intel-client-kbl"))) {
            assertThat(control.kind()).isEqualTo("msr");
            assertThat(control.packages()).containsExactly("0");
            assertThat(control.read("0")).isEqualTo(new PackageLimits("0", new PowerLimit(15, true, true, 28.0),
                    Optional.of(new PowerLimit(44, true, false, 0.00244140625)), Optional.of(false)));
        }
        try (MsrPowerLimitControl control = open(machine("xeon-2s-clx"))) {
            assertThat(control.packages()).containsExactly("0", "1");
            assertThat(control.read("1")).isEqualTo(new PackageLimits("1", new PowerLimit(85, true, true, 1.0),
                    Optional.of(new PowerLimit(102, true, true, 0.009765625)), Optional.of(true)));
        }
    }

    @Test
    void boundsComeFromPowerInfo() throws IOException {
        try (MsrPowerLimitControl control = open(machine("intel-client-kbl"))) {
            // 0x614 reports TDP 15 W and maximum 44 W, no minimum power and no maximum window
            assertThat(control.bounds("0")).isEqualTo(new LimitBounds(0.125, 15, 44, TU10, Math.scalb(1.75, 31) * TU10, 0.125));
        }
        try (MsrPowerLimitControl control = open(machine("xeon-2s-clx"))) {
            LimitBounds expected = new LimitBounds(48, 85, 150, TU10, 1024, 0.125); // window field 0x14 = 2^20 time units
            assertThat(control.bounds("0")).isEqualTo(expected);
            assertThat(control.bounds("1")).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "0x614 = {0} at units {1}")
    @CsvSource({
            // power info,     units,    min W,  max PL1 W, max PL2 W, max window s
            "0,                000A0E03, 0.125,  4095.875,  4095.875,  3670016",   // nothing reported: one unit, 0x7FFF units, field 0x7F
            "0,                000A0E00, 1,      32767,     32767,     3670016",
            "0000016000000000, 000A0E03, 0.125,  44,        44,        3670016",   // no TDP: PL1 up to the maximum power
            "001404B0018002A8, 000A0E03, 48,     85,        150,       1024",
            "001404B0018002A8, 000B0E02, 96,     170,       300,       512",       // same fields at 1/4 W and 2^-11 s
    })
    void boundsFallBackWhereTheFieldsAreZero(String powerInfo, String unitRegister, double min, double maxLong, double maxShort, double maxWindow) {
        RaplUnits units = RaplUnits.decode(Long.parseLong(unitRegister, 16));

        LimitBounds bounds = MsrPowerLimitControl.bounds(Long.parseUnsignedLong(powerInfo, 16), units);

        assertThat(bounds).isEqualTo(new LimitBounds(min, maxLong, maxShort, units.secondsPerCount(), maxWindow, units.wattsPerCount()));
    }

    @Test
    void writesBothLimitsAndKeepsEveryOtherBit() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        long reserved = (1L << 30) | (1L << 60);
        machine.writePackageRegister(0, MSR_PKG_POWER_LIMIT, KBL_LIMITS | reserved);
        try (MsrPowerLimitControl control = open(machine)) {
            PackageLimits written = control.write("0", new PowerLimit(10, true, true, 1.0), Optional.of(new PowerLimit(30, true, false, 0.01)));

            // PL1: 80 units | enable | clamp | window 2^10 (0x0A); PL2: 240 units | enable | window 2^3 * 1.25 (0x23)
            assertThat(machine.msr(0).read(MSR_PKG_POWER_LIMIT)).isEqualTo(0x104680F040158050L);
            PackageLimits expected = new PackageLimits("0", new PowerLimit(10, true, true, 1.0),
                    Optional.of(new PowerLimit(30, true, false, 10 * TU10)), Optional.of(false)); // 0.01 s is stored as 10 time units
            assertThat(written).isEqualTo(expected);
            assertThat(control.read("0")).isEqualTo(expected);
        }
    }

    @Test
    void withoutAShortTermLimitPl2IsLeftAlone() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        try (MsrPowerLimitControl control = open(machine)) {
            PackageLimits written = control.write("0", new PowerLimit(12, false, false, 28.0), Optional.empty());

            long raw = machine.msr(0).read(MSR_PKG_POWER_LIMIT);
            assertThat(raw >>> 32).isEqualTo(KBL_LIMITS >>> 32);
            assertThat(raw & 0xFFFF_FFFFL).isEqualTo(0x00DC0060L); // 96 units, disabled, no clamp, window 0x6E
            assertThat(written.shortTerm()).contains(new PowerLimit(44, true, false, 0.00244140625));
        }
    }

    static Stream<Arguments> unitSettings() {
        return Stream.of(
                Arguments.of(0x000A0E03L, new PowerLimit(10, true, true, 1.0), new PowerLimit(30, true, false, 10 * TU10)),
                Arguments.of(0x000A0E00L, new PowerLimit(250, true, false, 8.0), new PowerLimit(300, true, true, 3 * TU10)),   // 1 W units
                Arguments.of(0x000B0E02L, new PowerLimit(95.25, true, true, 3.5), new PowerLimit(120.5, false, false, 0.015625)), // 1/4 W, 2^-11 s
                Arguments.of(0x00090E04L, new PowerLimit(32.0625, false, false, 0.015625), new PowerLimit(64.5, true, false, 2.0)));
    }

    @ParameterizedTest(name = "units 0x{0}")
    @MethodSource("unitSettings")
    void roundTripsAtEveryUnitSetting(long unitRegister, PowerLimit pl1, PowerLimit pl2) throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        machine.writePackageRegister(0, MSR_RAPL_POWER_UNIT, unitRegister);
        RaplUnits units = RaplUnits.decode(unitRegister);
        try (MsrPowerLimitControl control = open(machine)) {
            PackageLimits written = control.write("0", pl1, Optional.of(pl2));

            PackageLimits expected = new PackageLimits("0", pl1, Optional.of(pl2), Optional.of(false));
            assertThat(written).isEqualTo(expected);
            assertThat(control.read("0")).isEqualTo(expected);
            assertThat(machine.msr(0).read(MSR_PKG_POWER_LIMIT))
                    .isEqualTo(PowerLimitRegister.withLimit(PowerLimitRegister.withLimit(KBL_LIMITS, 0, pl1, units), 1, pl2, units));
            assertThat(control.bounds("0").wattsResolution()).isEqualTo(units.wattsPerCount());
        }
    }

    @Test
    void aLockedRegisterIsNotWritten() throws IOException {
        FixtureMachine machine = machine("xeon-2s-clx");
        try (MsrPowerLimitControl control = open(machine)) {
            assertThatThrownBy(() -> control.write("1", new PowerLimit(60, true, true, 1.0), Optional.empty()))
                    .isInstanceOf(LimitLockedException.class)
                    .hasMessageContaining("MSR 0x610 on CPU 8")
                    .hasMessageContaining("locked");
            assertThat(machine.msr(8).read(MSR_PKG_POWER_LIMIT)).isEqualTo(CLX_LIMITS);
            assertThat(control.read("1").locked()).contains(true);
        }
    }

    @Test
    void amdHasNoPowerLimitRegisters() {
        FixtureMachine machine = machine("amd-ryzen-5800x");

        assertThatThrownBy(() -> open(machine))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("RAPL power capping is unavailable on AMD: the CPU has no power-limit registers");
    }

    static Stream<Arguments> unencodable() {
        return Stream.of(
                Arguments.of("more watts than 15 bits hold", new PowerLimit(5000, true, false, 1.0), "0 to 4095.875 W"),
                Arguments.of("negative watts", new PowerLimit(-1, true, false, 1.0), "cannot be encoded"),
                Arguments.of("NaN watts", new PowerLimit(Double.NaN, true, false, 1.0), "finite"),
                Arguments.of("zero window", new PowerLimit(10, true, false, 0), "cannot be encoded"),
                Arguments.of("window under one time unit", new PowerLimit(10, true, false, 0.0005), "cannot be encoded"),
                Arguments.of("window beyond field 0x7F", new PowerLimit(10, true, false, 4e6), "cannot be encoded"),
                Arguments.of("infinite window", new PowerLimit(10, true, false, Double.POSITIVE_INFINITY), "finite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unencodable")
    void refusesWhatTheRegisterCannotHold(String description, PowerLimit limit, String message) throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        try (MsrPowerLimitControl control = open(machine)) {
            assertThatThrownBy(() -> control.write("0", limit, Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
            assertThatThrownBy(() -> control.write("0", new PowerLimit(10, true, false, 1.0), Optional.of(limit)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
            assertThat(machine.msr(0).read(MSR_PKG_POWER_LIMIT)).isEqualTo(KBL_LIMITS);
        }
    }

    @Test
    void unknownPackagesAreRefused() throws IOException {
        try (MsrPowerLimitControl control = open(machine("intel-client-kbl"))) {
            assertThatThrownBy(() -> control.read("1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0]");
            assertThatThrownBy(() -> control.bounds("")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aWriteThatDoesNotStickFailsVerification() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        // a device that accepts every write and reads 0 everywhere: units 1 W / 1 s, limits 0, unlocked
        Path msr = machine.msr(0).path();
        Files.delete(msr);
        Files.createSymbolicLink(msr, Path.of("/dev/zero"));
        try (MsrPowerLimitControl control = open(machine)) {
            assertThatThrownBy(() -> control.write("0", new PowerLimit(10, true, false, 1.0), Optional.empty()))
                    .isInstanceOf(LimitVerificationException.class)
                    .hasMessageContaining("MSR 0x610 on CPU 0")
                    .hasMessageContaining("wrote 0x000000000000800A (PL1 10.0 W over 1.0 s, enabled")
                    .hasMessageContaining("read back 0x0000000000000000 (PL1 0.0 W over 1.0 s, disabled");
        }
    }

    @Test
    void writingNeedsWritableDevices() throws IOException {
        FixtureMachine machine = machine("intel-client-kbl");
        try (MsrPowerLimitControl control = MsrPowerLimitControl.open(new MsrDevices(machine.msrPattern(), false),
                CpuTopology.read(machine.sysfs()), CpuIdentity.read(machine.procfs()))) {
            assertThat(control.read("0").longTerm().watts()).isEqualTo(15);
            assertThatThrownBy(() -> control.write("0", new PowerLimit(10, true, false, 1.0), Optional.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
        }
    }

    static FixtureMachine machine(String name) {
        return FixtureMachine.create(name, PreloadLibrary.newFixtureDirectory(name));
    }

    static MsrPowerLimitControl open(FixtureMachine machine) throws IOException {
        return MsrPowerLimitControl.open(new MsrDevices(machine.msrPattern(), true), CpuTopology.read(machine.sysfs()),
                CpuIdentity.read(machine.procfs()));
    }
}
