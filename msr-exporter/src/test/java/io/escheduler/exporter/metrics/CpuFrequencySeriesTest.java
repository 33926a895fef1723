package io.escheduler.exporter.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-package frequency figures: what avg, min and max by node of the per-CPU series would give. */
class CpuFrequencySeriesTest {

    private static final int[] PACKAGE_1 = {2, 3, 4};

    @Test
    void theMeanOfThePackagesCpus() {
        long[] khz = {9_000_000, 9_000_000, 1_000_000, 2_000_000, 3_000_000};

        assertThat(CpuFrequencySeries.meanHertz(khz, PACKAGE_1)).isEqualTo(2e9);
    }

    @Test
    void theLowestCeilingShowsOneCpuLowered() {
        long[] ceilings = {400_000, 3_200_000, 3_200_000, 800_000, 3_200_000};

        assertThat(CpuFrequencySeries.lowestHertz(ceilings, PACKAGE_1)).isEqualTo(8e8);
    }

    @Test
    void cpusWhoseReadFailedAreLeftOutAndNoneLeftIsNaN() {
        long[] khz = {1, 1, -1, 2_000_000, -1};

        assertThat(CpuFrequencySeries.meanHertz(khz, PACKAGE_1)).isEqualTo(2e9);
        assertThat(CpuFrequencySeries.lowestHertz(khz, PACKAGE_1)).isEqualTo(2e9);
        assertThat(CpuFrequencySeries.meanHertz(new long[] {-1, -1}, new int[] {0, 1})).isNaN();
        assertThat(CpuFrequencySeries.lowestHertz(new long[] {-1, -1}, new int[] {0, 1})).isNaN();
    }
}
