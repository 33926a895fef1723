package io.escheduler.analyzer.config;

import io.escheduler.analyzer.datasource.EmbeddedPostgresConfig;
import io.escheduler.testing.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration table of docs/energy-analyzer.md names every key of {@link AnalyzerConfig} and of
 * {@link EmbeddedPostgresConfig} with its default.
 */
class ConfigDocsTableTest {

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(ConfigDocs.problems(Path.of("../docs/energy-analyzer.md"), "energy-analyzer", Map.of(
                "energy-analyzer", AnalyzerConfig.class,
                "energy-analyzer.embedded-postgres", EmbeddedPostgresConfig.class))).isEmpty();
    }
}
