package io.escheduler.hardware.rapl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PowerLimitRegisterTest {

    private static final RaplUnits INTEL = RaplUnits.decode(0x000A0E03L);

    @Test
    void decodesAPackageLimitWithBothLimits() {
        // Kaby Lake R laptop: PL1 15 W enabled clamped over 28 s, PL2 44 W enabled over 2.44 ms, unlocked
        PowerLimitRegister register = PowerLimitRegister.decode(0x0042816000DD8078L, INTEL, true);

        assertThat(register.longTerm()).isEqualTo(new PowerLimit(15.0, true, true, 28.0));
        assertThat(register.shortTerm()).contains(new PowerLimit(44.0, true, false, 0.00244140625));
        assertThat(register.locked()).isFalse();
    }

    @Test
    void lockIsBit63OnTwoLimitRegisters() {
        PowerLimitRegister register = PowerLimitRegister.decode(0x80478330001582A8L, INTEL, true);

        assertThat(register.locked()).isTrue();
        assertThat(register.longTerm()).isEqualTo(new PowerLimit(85.0, true, true, 1.0));
        assertThat(register.shortTerm()).contains(new PowerLimit(102.0, true, true, 0.009765625));
    }

    @Test
    void lockIsBit31OnSingleLimitRegisters() {
        // DRAM 0x618: 40 W enabled, window 2^3 * 1.25 time units, locked
        long raw = (1L << 31) | (0x21L << 17) | (1L << 15) | 320;
        PowerLimitRegister register = PowerLimitRegister.decode(raw, INTEL, false);

        assertThat(register.locked()).isTrue();
        assertThat(register.shortTerm()).isEmpty();
        assertThat(register.longTerm()).isEqualTo(new PowerLimit(40.0, true, false, 0.00244140625));
    }

    @ParameterizedTest(name = "window field {0} = {1} s")
    @CsvSource({
            "0x00, 0.0009765625",   // 2^0 * 1 * tu
            "0x0A, 1.0",            // 2^10
            "0x2A, 1.25",           // F = 1
            "0x4A, 1.5",            // F = 2
            "0x6A, 1.75",           // F = 3
            "0x6E, 28.0",           // 2^14 * 1.75
    })
    void decodesTimeWindows(String field, double seconds) {
        assertThat(PowerLimitRegister.decodeWindow(Integer.decode(field), INTEL)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "units 0x{0}: {1} W over {2} s")
    @CsvSource({
            "000A0E03, 15.0,   28.0",
            "000A0E03, 125.0,  1.0",
            "000A0E03, 0.125,  0.0009765625",
            "000A0E03, 4095.875, 0.0029296875",
            "000A0E00, 250.0,  8.0",
            "000B0E02, 95.25,  3.5",
            "00090E04, 32.0625, 0.015625",
    })
    void encodeDecodeRoundTrips(String unitRegister, double watts, double window) {
        RaplUnits units = RaplUnits.decode(Long.parseLong(unitRegister, 16));
        PowerLimit pl1 = new PowerLimit(watts, true, true, window);
        PowerLimit pl2 = new PowerLimit(watts / 2, false, false, window);

        long raw = PowerLimitRegister.withLimit(PowerLimitRegister.withLimit(0, 0, pl1, units), 1, pl2, units);
        PowerLimitRegister decoded = PowerLimitRegister.decode(raw, units, true);

        assertThat(decoded.longTerm()).isEqualTo(pl1);
        assertThat(decoded.shortTerm()).contains(new PowerLimit(Math.round(watts / 2 / units.wattsPerCount()) * units.wattsPerCount(),
                false, false, window));
    }

    @Test
    void writingOneLimitKeepsTheOtherTheLockAndReservedBits() {
        long original = 0x80478330001582A8L | (1L << 30); // locked, bit 30 reserved
        long raw = PowerLimitRegister.withLimit(original, 0, new PowerLimit(60, true, false, 2.0), INTEL);

        PowerLimitRegister decoded = PowerLimitRegister.decode(raw, INTEL, true);
        assertThat(decoded.longTerm()).isEqualTo(new PowerLimit(60, true, false, 2.0));
        assertThat(decoded.shortTerm()).isEqualTo(PowerLimitRegister.decode(original, INTEL, true).shortTerm());
        assertThat(decoded.locked()).isTrue();
        assertThat(raw & (1L << 30)).isNotZero();
    }

    @Test
    void encodesTheNearestWindow() {
        // 10 s lies between 8 s (2^13) and 10 s exactly (2^13 * 1.25)
        assertThat(PowerLimitRegister.decodeWindow(PowerLimitRegister.encodeWindow(10.0, INTEL), INTEL)).isEqualTo(10.0);
        // 0.3 s: nearest is 2^8 * 1.25 tu = 0.3125 s
        assertThat(PowerLimitRegister.decodeWindow(PowerLimitRegister.encodeWindow(0.3, INTEL), INTEL)).isEqualTo(0.3125);
    }

    @Test
    void refusesWhatTheRegisterCannotHold() {
        assertThatThrownBy(() -> PowerLimitRegister.encodeWatts(5000, INTEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 4095.875 W");
        assertThatThrownBy(() -> PowerLimitRegister.encodeWatts(-1, INTEL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PowerLimitRegister.encodeWindow(0, INTEL)).hasMessageContaining("positive");
        assertThatThrownBy(() -> PowerLimitRegister.withLimit(0, 2, new PowerLimit(1, true, false, 1), INTEL))
                .hasMessageContaining("0 (PL1) or 1 (PL2)");
    }

    @Test
    void decodesPowerInfo() {
        PowerInfo info = PowerInfo.decode(0x001404B0018002A8L, INTEL);

        assertThat(info.thermalSpecWatts()).isEqualTo(85.0);
        assertThat(info.minWatts()).isEqualTo(48.0);
        assertThat(info.maxWatts()).isEqualTo(150.0);
        assertThat(info.maxWindowSeconds()).isEqualTo(PowerLimitRegister.decodeWindow(0x14, INTEL));
    }

    @Test
    void singleLimitRegisterHasNoShortTerm() {
        assertThat(PowerLimitRegister.decode(0, INTEL, false).shortTerm()).isEqualTo(Optional.empty());
    }
}
