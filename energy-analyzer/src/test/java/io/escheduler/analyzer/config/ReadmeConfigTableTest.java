package io.escheduler.analyzer.config;

import io.escheduler.analyzer.policies.power.PowerConfig;
import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration tables name every key of {@link AnalyzerConfig} and of the power drivers'
 * {@link PowerConfig} (its own mapping under {@code energy-analyzer.policies.power}) with its default.
 */
class ReadmeConfigTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(Path.of("../README.md"), "energy-analyzer", Map.of(
                "energy-analyzer", AnalyzerConfig.class,
                "energy-analyzer.policies.power", PowerConfig.class))).isEmpty();
    }
}
