package io.escheduler.hardware.energy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnergyCounterTest {

    private static final double UNIT = Math.scalb(1.0, -14); // 61 µJ

    @Test
    void firstReadingCountsInFull() {
        EnergyCounter counter = EnergyCounter.ofBits(32, UNIT);

        assertThat(counter.update(0x12345678L)).isEqualTo(0x12345678L * UNIT);
    }

    @Test
    void accumulatesAcrossA32BitWrap() {
        EnergyCounter counter = EnergyCounter.ofBits(32, UNIT);
        counter.update(0xFFFF_FF00L);

        double joules = counter.update(0x0000_0100L); // went past 2^32 by 0x100

        assertThat(joules).isEqualTo((0xFFFF_FF00L + 0x200L) * UNIT);
        assertThat(counter.wraps()).isEqualTo(1);
    }

    @Test
    void neverDecreasesOverManyWraps() {
        EnergyCounter counter = EnergyCounter.ofBits(32, UNIT);
        long raw = 0;
        long travelled = 0;
        counter.update(raw);
        double previous = 0;
        for (int i = 0; i < 20; i++) {
            long step = 0x7000_0000L; // just under half the range per sample
            raw = (raw + step) & 0xFFFF_FFFFL;
            travelled += step;
            double joules = counter.update(raw);
            assertThat(joules).isGreaterThanOrEqualTo(previous);
            previous = joules;
        }
        assertThat(previous).isEqualTo(travelled * UNIT);
        assertThat(counter.wraps()).isEqualTo(travelled >>> 32);
    }

    @Test
    void unchangedReadingAddsNothing() {
        EnergyCounter counter = EnergyCounter.ofBits(32, UNIT);
        counter.update(1000);

        assertThat(counter.update(1000)).isEqualTo(1000 * UNIT);
        assertThat(counter.wraps()).isZero();
    }

    @Test
    void powercapWrapsAfterItsMaximum() {
        long max = 262_143_328_850L; // max_energy_range_uj
        EnergyCounter counter = EnergyCounter.withMaximum(max, 1e-6);
        counter.update(max - 1_000_000);

        double joules = counter.update(2_000_000); // 1 J to the top, 1 µJ to 0, then 2 J

        assertThat(joules).isCloseTo((max - 1_000_000 + 1_000_001 + 2_000_000) * 1e-6, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(counter.wraps()).isEqualTo(1);
    }

    @Test
    void sixtyFourBitCountersUseUnsignedDistance() {
        double scale = Math.scalb(1.0, -32);
        EnergyCounter counter = EnergyCounter.ofBits(64, scale);
        counter.update(-16L); // 2^64 - 16

        double joules = counter.update(16L);

        assertThat(joules).isEqualTo((Math.scalb(1.0, 64) - 16 + 32) * scale);
        assertThat(counter.wraps()).isEqualTo(1);
    }

    @Test
    void refusesReadingsOutsideItsRange() {
        EnergyCounter counter = EnergyCounter.ofBits(32, UNIT);

        assertThatThrownBy(() -> counter.update(1L << 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the counter's range");
        assertThatThrownBy(() -> EnergyCounter.withMaximum(0, 1e-6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnergyCounter.ofBits(32, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeInJoules() {
        assertThat(EnergyCounter.ofBits(32, UNIT).rangeJoules()).isEqualTo(262_144.0);
        assertThat(EnergyCounter.ofBits(32, Math.scalb(1.0, -16)).rangeJoules()).isEqualTo(65_536.0);
    }
}
