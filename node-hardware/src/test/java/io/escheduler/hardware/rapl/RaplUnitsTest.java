package io.escheduler.hardware.rapl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RaplUnitsTest {

    @ParameterizedTest(name = "{0}: {4}")
    @CsvSource({
            // raw 0x606,  W per count, J per count,          s per count,     part
            "0x000A0E03,   0.125,       0.00006103515625,     0.0009765625,    Intel client and server (PU 3 ESU 14 TU 10)",
            "0x000A1003,   0.125,       0.0000152587890625,   0.0009765625,    AMD Zen (ESU 16)",
            "0x000A0E00,   1.0,         0.00006103515625,     0.0009765625,    power unit 0 = 1 W",
            "0x00001F0F,   0.000030517578125, 4.656612873077393E-10, 1.0,      widest fields",
    })
    void decodesThePowerUnitRegister(String raw, double watts, double joules, double seconds, String part) {
        RaplUnits units = RaplUnits.decode(Long.decode(raw));

        assertThat(units.wattsPerCount()).isEqualTo(watts);
        assertThat(units.joulesPerCount()).isEqualTo(joules);
        assertThat(units.secondsPerCount()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @CsvSource({
            "0x000A0505, 0.032, 0.000032",  // Silvermont: 2^5 uJ, 2^5 mW
            "0x000A0000, 0.001, 0.000001",
    })
    void atomEncodesMicrojoulesAndMilliwatts(String raw, double watts, double joules) {
        RaplUnits units = RaplUnits.decodeAtom(Long.decode(raw));

        assertThat(units.wattsPerCount()).isCloseTo(watts, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(units.joulesPerCount()).isCloseTo(joules, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(units.secondsPerCount()).isEqualTo(0.0009765625);
    }

    @ParameterizedTest
    @CsvSource({"0xFFFFFFFFFFF00000", "0xFFFFFFFF00000000"})
    void ignoresReservedBits(String reservedBits) {
        long raw = Long.parseUnsignedLong(reservedBits.substring(2), 16) | 0x000A0E03L;

        assertThat(RaplUnits.decode(raw)).isEqualTo(RaplUnits.decode(0x000A0E03L));
    }
}
