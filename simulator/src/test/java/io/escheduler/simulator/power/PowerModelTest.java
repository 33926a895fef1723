package io.escheduler.simulator.power;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The power model of docs/simulator.md, "Power model", on the Xeon 8380 curve of the reference scenarios. */
class PowerModelTest {

    static final double[] XEON_8380 = {127, 198, 226, 253, 281, 314, 354, 405, 464, 576, 619};
    static final PowerModel MODEL = new PowerModel(new PowerCurve(XEON_8380), 12, 240, 60000, 60, 800_000, 2_300_000, 540, 2);

    @Test
    void theCurveIsInterpolatedLinearlyBetweenTheBenchmarksLoadLevels() {
        PowerCurve curve = MODEL.curve();
        assertThat(curve.watts(0)).isEqualTo(127);
        assertThat(curve.watts(0.1)).isEqualTo(198);
        assertThat(curve.watts(0.15)).isCloseTo(212, within(1e-9));
        assertThat(curve.watts(1)).isEqualTo(619);
        assertThat(curve.watts(1.7)).isEqualTo(619);
    }

    @Test
    void atTheNominalFrequencyPowerIsTheCurve() {
        assertThat(MODEL.watts(0.35, 1)).isCloseTo(MODEL.curve().watts(0.35), within(1e-9));
    }

    @Test
    void aLowerCeilingSlowsCpuBoundWorkInProportionAndCutsDynamicPowerFasterThanFrequency() {
        double r = MODEL.ratio(1_150_000);
        assertThat(r).isEqualTo(0.5);
        // 30 % demand at half speed: busy 60 %, all of it served
        assertThat(PowerModel.busy(0.3, r)).isCloseTo(0.6, within(1e-12));
        assertThat(PowerModel.served(0.3, r)).isCloseTo(0.3, within(1e-12));
        // 80 % demand at half speed: half of the nominal work per second, the rest waits
        assertThat(PowerModel.served(0.8, r)).isEqualTo(0.5);
        double idle = 127;
        double dynamicFull = MODEL.watts(1, 1) - idle;
        double dynamicHalf = MODEL.watts(1, r) - idle;
        assertThat(dynamicHalf / dynamicFull).as("dynamic power at half the frequency").isCloseTo(0.25, within(1e-9)).isLessThan(r);
        assertThat(MODEL.watts(0, r)).as("active idle does not change").isEqualTo(idle);
    }

    @Test
    void aPackageLimitKeepsRaplPowerWithinItBySlowingTheNode() {
        double limit = 0.8 * 540;
        double speed = MODEL.speed(1.0, 1, limit);
        assertThat(speed).isLessThan(1).isGreaterThanOrEqualTo(MODEL.minRatio());
        assertThat(MODEL.raplWatts(MODEL.watts(1.0, speed))).isCloseTo(limit, within(0.01));
        assertThat(MODEL.speed(0.2, 1, limit)).as("a node below the limit is not slowed").isEqualTo(1);
        assertThat(MODEL.raplWatts(619)).as("the TDP at the benchmark's 100 %").isCloseTo(540, within(1e-9));
    }

    @Test
    void aLimitBelowWhatTheLowestFrequencyDrawsStopsAtTheLowestFrequency() {
        assertThat(MODEL.speed(1.0, 1, 50)).isEqualTo(MODEL.minRatio());
    }

    @Test
    void curvesAreChecked() {
        assertThatThrownBy(() -> new PowerCurve(new double[]{1, 2, 3})).hasMessageContaining("11 numbers");
        assertThatThrownBy(() -> new PowerCurve(new double[]{100, 90, 110, 120, 130, 140, 150, 160, 170, 180, 190}))
                .hasMessageContaining("must not fall").hasMessageContaining("10 % load");
    }
}
