package io.escheduler.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadDriverTest {

    @Test
    void levelsAddUpPhaseByPhaseAndRepeat(@TempDir Path dir) throws IOException {
        Path energy = dir.resolve("energy_uj");
        Files.writeString(energy, "0\n");
        try (LoadDriver driver = LoadDriver.start(Duration.ofSeconds(2), List.of(new LoadDriver.Zone(energy, List.of(100.0, 10.0))), List.of())) {
            List<Double> levels = List.of(100.0, 10.0, 40.0);
            assertThat(driver.integral(levels, 1)).isCloseTo(100, within(1e-9));
            assertThat(driver.integral(levels, 3)).isCloseTo(210, within(1e-9));
            assertThat(driver.integral(levels, 7)).isCloseTo(200 + 20 + 80 + 100, within(1e-9)); // the second cycle's first phase
            assertThat(driver.phaseStart(3)).isEqualTo(driver.epoch().plusSeconds(6));
        }
    }
}
